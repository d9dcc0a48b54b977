using System.Globalization;
using System.Net;
using System.Text;

namespace KafkaChaos.Reports;

/// <summary>
/// Renders a <see cref="Timeline"/> as an inline SVG (no external references, no xmlns URL needed inside HTML):
/// acks/s and errors/s lines, shaded fault windows, dashed leader-change markers, labelled axes.
/// </summary>
internal static class TimelineSvg
{
    private const int Width = 760, Left = 58, Right = 16, Bottom = 42, LaneHeight = 13, PlotHeight = 160;
    private const int PlotWidth = Width - Left - Right;

    /// <summary>The <c>&lt;svg&gt;</c> element for one scenario.</summary>
    public static string Render(Timeline timeline, string title)
    {
        var endSeconds = Math.Max(1.0, new[]
        {
            timeline.Points.Count == 0 ? 0 : timeline.Points.Max(p => p.Second) + 1.0,
            timeline.FaultWindows.Count == 0 ? 0 : timeline.FaultWindows.Max(f => (f.EndMs ?? f.StartMs) / 1000.0),
            timeline.LeaderChanges.Count == 0 ? 0 : timeline.LeaderChanges.Max(l => l.AtMs / 1000.0),
        }.Max());
        var maxRate = NiceCeiling(timeline.Points.Count == 0 ? 1 : Math.Max(1, timeline.Points.Max(p => Math.Max(p.Acks, p.Errors))));
        // One labelled lane per fault above the plot, so overlapping windows stay readable.
        var Top = 12 + LaneHeight * timeline.FaultWindows.Count;
        var Height = Top + PlotHeight + Bottom;
        double X(double seconds) => Left + seconds / endSeconds * PlotWidth;
        double Y(double rate) => Top + PlotHeight - rate / maxRate * PlotHeight;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"timeline\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");

        for (var i = 0; i < timeline.FaultWindows.Count; i++)
        {
            var window = timeline.FaultWindows[i];
            var x1 = X(window.StartMs / 1000.0);
            var x2 = window.EndMs is { } end ? X(end / 1000.0) : Left + PlotWidth;
            var width = F(Math.Max(1.5, x2 - x1));
            var label = $"{window.Name}: {F(window.StartMs / 1000.0)}s – {(window.EndMs is { } e ? F(e / 1000.0) + "s" : "end")}";
            var laneY = 6 + LaneHeight * i;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"fault\" x=\"{F(x1)}\" y=\"{Top}\" width=\"{width}\" height=\"{PlotHeight}\"><title>{Encode(label)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"fault-lane\" x=\"{F(x1)}\" y=\"{laneY}\" width=\"{width}\" height=\"{LaneHeight - 3}\"><title>{Encode(label)}</title></rect>");
            var anchorEnd = x1 > Left + PlotWidth * 0.7;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"fault-label\" x=\"{F(anchorEnd ? x1 - 3 : x1 + 3)}\" y=\"{laneY + LaneHeight - 5}\"{(anchorEnd ? " text-anchor=\"end\"" : "")}>{Encode(label)}</text>");
        }

        // Axes, ticks and grid.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Left + PlotWidth}\" y2=\"{Top + PlotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotHeight}\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var rate = maxRate * i / 5.0;
            var y = Y(rate);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Left + PlotWidth}\" y2=\"{F(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{F(rate)}</text>");
        }
        var step = NiceStep(endSeconds / 8);
        for (var s = 0.0; s <= endSeconds + 1e-9; s += step)
        {
            var x = X(s);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{F(x)}\" y1=\"{Top + PlotHeight}\" x2=\"{F(x)}\" y2=\"{Top + PlotHeight + 4}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x)}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{F(s)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{Left + PlotWidth / 3}\" y=\"{Height - 6}\" text-anchor=\"middle\">time since start (s)</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"14\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + PlotHeight / 2})\">messages per second</text>");

        // Points sit at the middle of their second.
        string Line(Func<TimelinePoint, long> value) =>
            string.Join(' ', timeline.Points.OrderBy(p => p.Second).Select(p => $"{F(X(p.Second + 0.5))},{F(Y(value(p)))}"));
        if (timeline.Points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"acks\" points=\"{Line(p => p.Acks)}\"><title>acks/s</title></polyline>");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"errors\" points=\"{Line(p => p.Errors)}\"><title>errors/s</title></polyline>");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\">no samples</text>");
        }

        foreach (var change in timeline.LeaderChanges)
        {
            var x = X(change.AtMs / 1000.0);
            var label = $"p{change.Partition}: {Broker(change.OldLeader)} → {Broker(change.NewLeader)}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"leader\" x1=\"{F(x)}\" y1=\"{Top}\" x2=\"{F(x)}\" y2=\"{Top + PlotHeight}\"><title>{Encode($"leader change at {F(change.AtMs / 1000.0)}s, {label}")}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"leader-label\" x=\"{F(x + 3)}\" y=\"{Top + 12}\">{Encode(label)}</text>");
        }

        // Legend, bottom right beside the axis label.
        var lx = Left + PlotWidth - 235;
        var ly = Height - 10;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"acks\" x1=\"{lx}\" y1=\"{ly}\" x2=\"{lx + 18}\" y2=\"{ly}\"/><text class=\"tick\" x=\"{lx + 22}\" y=\"{ly + 4}\">acks/s</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"errors\" x1=\"{lx + 70}\" y1=\"{ly}\" x2=\"{lx + 88}\" y2=\"{ly}\"/><text class=\"tick\" x=\"{lx + 92}\" y=\"{ly + 4}\">errors/s</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"fault\" x=\"{lx + 145}\" y=\"{ly - 6}\" width=\"14\" height=\"12\"/><text class=\"tick\" x=\"{lx + 163}\" y=\"{ly + 4}\">fault</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"leader\" x1=\"{lx + 200}\" y1=\"{ly - 6}\" x2=\"{lx + 200}\" y2=\"{ly + 6}\"/><text class=\"tick\" x=\"{lx + 204}\" y=\"{ly + 4}\">leader</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Broker(int? id) => id is { } b ? b.ToString(CultureInfo.InvariantCulture) : "none";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>1, 2, 5 × 10^k at or above <paramref name="value"/>.</summary>
    internal static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (m * magnitude >= value) return m * magnitude;
        }
        return 10 * magnitude;
    }

    private static double NiceStep(double rough) => rough <= 0 ? 1 : Math.Max(1, NiceCeiling(rough));
}
