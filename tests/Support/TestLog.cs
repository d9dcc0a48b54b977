using NUnit.Framework;

namespace KafkaChaos.Tests.Support;

/// <summary>A TextWriter that forwards harness progress to NUnit's progress output.</summary>
public static class TestLog
{
    public static TextWriter Progress => TestContext.Progress;
}
