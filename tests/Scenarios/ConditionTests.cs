using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ConditionTests
{
    [TestCase("== 100", 100, true)]
    [TestCase("==100", 99, false)]
    [TestCase("100", 100, true)]
    [TestCase("> 0", 1, true)]
    [TestCase("> 0", 0, false)]
    [TestCase(">= 5", 5, true)]
    [TestCase("< 5", 5, false)]
    [TestCase("<= 5", 5, true)]
    [TestCase("!= 0", 3, true)]
    public void Evaluates(string text, long observed, bool holds) =>
        Assert.That(Condition.Parse(text).IsSatisfiedBy(observed), Is.EqualTo(holds));

    [TestCase("")]
    [TestCase("=> 1")]
    [TestCase("> many")]
    [TestCase("> -1")]
    public void Rejects_bad_syntax_and_says_what_is_expected(string text)
    {
        Assert.That(Condition.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("expected an operator"));
    }

    [Test]
    public void Prints_canonically() => Assert.That(Condition.Parse(">=3").ToString(), Is.EqualTo(">= 3"));
}
