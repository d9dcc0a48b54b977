using NUnit.Framework;

namespace KafkaChaos.Tests.Support;

/// <summary>A TextWriter that forwards harness progress to NUnit's progress output.</summary>
internal static class TestLog
{
    public static TextWriter Progress => TestContext.Progress;
}
