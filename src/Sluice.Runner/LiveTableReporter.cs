using System.Globalization;
using Sluice.Core.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Runner;

/// <summary>A live table of stages (state, attempt, duration, last line) for a terminal, redrawn twice a second.</summary>
public sealed class LiveTableReporter(IAnsiConsole console, TimeProvider time) : IRunReporter
{
    private readonly Lock _lock = new();
    private readonly List<StageStatus> _stages = [];
    private readonly Dictionary<string, string> _lastLine = new(StringComparer.Ordinal);

    public void StageChanged(StageStatus stage)
    {
        lock (_lock)
        {
            if (!_stages.Contains(stage))
            {
                _stages.Add(stage);
            }
        }
    }

    public void StageOutput(StageStatus stage, string line)
    {
        lock (_lock)
        {
            _lastLine[stage.Name] = line;
        }
    }

    /// <summary>Redraws the table until <paramref name="work"/> ends.</summary>
    public async Task<T> ShowWhileAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(task, Task.Delay(500));
            }

            context.UpdateTarget(Render());
            result = await task;
        });
        return result;
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "state", "attempt", "duration", "detail");
        lock (_lock)
        {
            foreach (var stage in _stages)
            {
                var color = stage.Phase switch
                {
                    _ when stage.Retrying => "yellow",
                    StagePhase.Succeeded => "green",
                    StagePhase.Failed => "red",
                    StagePhase.Running => "blue",
                    _ => "grey",
                };
                var duration = stage.Duration(time.GetUtcNow()) is { } d ? d.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s" : "";
                var detail = stage.Message ?? (stage.Phase == StagePhase.Running ? _lastLine.GetValueOrDefault(stage.Name) : null) ?? "";
                table.AddRow(
                    Markup.Escape(stage.Name),
                    $"[{color}]{stage.State}[/]",
                    stage.Attempt == 0 ? "" : stage.Attempt.ToString(CultureInfo.InvariantCulture),
                    duration,
                    Markup.Escape(detail.Length > 80 ? detail[..77] + "..." : detail));
            }
        }

        return table;
    }
}
