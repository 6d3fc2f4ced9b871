using System.Globalization;

namespace Sluice.Cli;

/// <summary>
/// A small, strict reader for `--name value`, `--name=value`, repeated options, flags and positionals.
/// Unknown options are an error naming them, so a typo never silently changes behaviour.
/// </summary>
internal sealed class ArgReader
{
    private readonly List<(string Name, string? Value)> _options = [];
    private readonly List<string> _positionals = [];
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    public ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                _positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _options.Add((arg[..eq], arg[(eq + 1)..]));
                }
                else if (flags.Contains(arg))
                {
                    _options.Add((arg, null));
                }
                else if (i + 1 < args.Count)
                {
                    _options.Add((arg, args[++i]));
                }
                else
                {
                    throw new UsageException($"option {arg} needs a value");
                }
            }
            else
            {
                _positionals.Add(arg);
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name)
    {
        _consumed.Add(name);
        return _options.Any(o => o.Name == name);
    }

    public string? Optional(string name)
    {
        var values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"option {name} was given {values.Count} times; give it once"),
        };
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"option {name} is required");

    public IReadOnlyList<string> All(string name)
    {
        _consumed.Add(name);
        return _options.Where(o => o.Name == name).Select(o => o.Value ?? "").ToList();
    }

    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"option {name}: \"{raw}\" is not a whole number between {min} and {max}");
        }

        return value;
    }

    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            throw new UsageException($"option {name}: \"{raw}\" is not a number between {min} and {max}");
        }

        return value;
    }

    /// <summary>Call after reading every option: any option the command did not ask for is a typo.</summary>
    public void EnsureNoUnknownOptions()
    {
        var unknown = _options.Select(o => o.Name).Where(n => !_consumed.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown)}");
        }
    }
}
