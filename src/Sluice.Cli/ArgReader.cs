using System.Globalization;
using Sluice.Core.Validation;

namespace Sluice.Cli;

/// <summary>
/// A small, strict reader for <c>--name value</c>, <c>--name=value</c>, repeated options, flags and positionals.
/// The command declares every option up front, so the whole command line is checked before any of it is used:
/// an unknown option is reported as unknown (never mistaken for a value-taking one that swallows the next
/// word), and a value option followed by another option says that it needs a value.
/// </summary>
internal sealed class ArgReader
{
    private readonly List<(string Name, string? Value)> _options = [];
    private readonly List<string> _positionals = [];

    /// <param name="args">The words after the command name.</param>
    /// <param name="flags">Options that take no value.</param>
    /// <param name="values">Options that take one value (the next word, or after '=').</param>
    /// <exception cref="UsageException">An option is unknown, a flag got a value, or a value is missing.</exception>
    public ArgReader(IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> values)
    {
        var unknown = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                _positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (!IsOptionLike(arg))
            {
                _positionals.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (flags.Contains(name))
            {
                if (eq > 0)
                {
                    throw new UsageException($"option {name} takes no value (got \"{arg[(eq + 1)..]}\")");
                }

                _options.Add((name, null));
            }
            else if (!values.Contains(name))
            {
                unknown.Add(name);
            }
            else if (eq > 0)
            {
                _options.Add((name, arg[(eq + 1)..]));
            }
            else if (i + 1 < args.Count && !IsOptionName(args[i + 1]))
            {
                _options.Add((name, args[++i]));
            }
            else
            {
                // A value that starts with "--" is still possible as --name=--value.
                throw new UsageException($"option {name} needs a value");
            }
        }

        if (unknown.Count > 0)
        {
            var known = flags.Concat(values).ToList();
            var described = unknown.Distinct(StringComparer.Ordinal).Select(u => u + Names.DidYouMean(u, known));
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", described)}");
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name) => _options.Any(o => o.Name == name);

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

    public IReadOnlyList<string> All(string name) =>
        _options.Where(o => o.Name == name).Select(o => o.Value ?? "").ToList();

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

    /// <summary>No positional arguments are expected: the first one is an error.</summary>
    public void NoPositionals()
    {
        if (_positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{_positionals[0]}\"");
        }
    }

    // "-x" and "--x" are options; "-" (standard input) and negative numbers are not.
    private static bool IsOptionLike(string arg) =>
        arg.Length > 1 && arg[0] == '-' && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsOptionName(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2;
}
