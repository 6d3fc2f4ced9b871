namespace Sluice.Runner;

/// <summary>Shows a run's progress: a live table on a terminal, plain lines otherwise.</summary>
public interface IRunReporter
{
    void StageChanged(StageStatus stage);

    /// <summary>One line of a stage's own output.</summary>
    void StageOutput(StageStatus stage, string line);
}
