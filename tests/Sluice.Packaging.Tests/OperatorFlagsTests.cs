namespace Sluice.Packaging.Tests;

public sealed class OperatorFlagsTests
{
    [Theory]
    [InlineData("operator --leader-elect --workers 4", "")]
    [InlineData("serve --workers 4", "the first argument must be the command `operator`")]
    [InlineData("operator --worker 4", "unknown flag --worker")]
    [InlineData("operator --workers", "--workers has no value")]
    [InlineData("operator --workers --leader-elect", "--workers has no value")]
    [InlineData("operator --leader-elect --leader-elect", "--leader-elect given twice")]
    public void Check_finds_what_sluice_operator_would_reject(string commandLine, string expected)
    {
        var problems = OperatorFlags.Check(commandLine.Split(' '));
        Assert.Equal(expected, string.Join("; ", problems));
    }
}
