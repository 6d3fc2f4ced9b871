namespace Sluice.Cli.Tests;

public sealed class TerminationMessageTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-termination-").FullName;

    private string File => Path.Combine(dir, "termination-log");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_failed_command_leaves_its_error_output_and_still_writes_it_through()
    {
        using var stderr = new StringWriter();
        var errors = new TerminationMessage(stderr);
        errors.WriteLine("loading model");
        errors.WriteLine("error: /models/a.onnx: no such file");

        errors.WriteIfFailed(1, File);

        Assert.Equal("loading model\nerror: /models/a.onnx: no such file\n", System.IO.File.ReadAllText(File));
        Assert.Equal("loading model\nerror: /models/a.onnx: no such file\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_usage_error_keeps_its_first_line_not_the_usage_text()
    {
        var errors = new TerminationMessage(TextWriter.Null);
        errors.WriteLine("sluice serve: unknown option --prot (did you mean \"--port\"?)");
        errors.WriteLine("Usage: sluice serve --model PATH --name NAME [options]");

        errors.WriteIfFailed(ExitCodes.Usage, File);

        Assert.Equal("sluice serve: unknown option --prot (did you mean \"--port\"?)\n", System.IO.File.ReadAllText(File));
    }

    [Fact]
    public void Success_writes_nothing_and_a_long_error_keeps_its_last_4096_bytes()
    {
        var errors = new TerminationMessage(TextWriter.Null);
        errors.Write(new string('x', 10_000) + "the cause\n");
        errors.WriteIfFailed(0, File);
        Assert.False(System.IO.File.Exists(File));

        errors.WriteIfFailed(1, File);

        var message = System.IO.File.ReadAllText(File);
        Assert.Equal(4096, message.Length);
        Assert.EndsWith("the cause\n", message, StringComparison.Ordinal);
    }
}
