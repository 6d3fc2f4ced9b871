using System.Runtime.CompilerServices;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The pass over a window's lines: classifies each line, counts it, and keeps a uniform random sample of the rows.
/// The rows the sampler will not keep are validated but their values never read. Fed object by object, line by
/// line, in key order; holds nothing of a line after it returns.
/// </summary>
public sealed class WindowScan
{
    /// <summary>Unreadable objects named in the report; the count goes on.</summary>
    public const int MaxInvalidObjectsListed = 20;

    private readonly ServingLogLineParser _parser;
    private readonly ReservoirSampler _sampler;
    private readonly WindowRow _row;
    private readonly List<string> _invalidObjects = [];
    private long _objects, _invalidObjectCount, _skippedObjects, _invalid, _outside, _otherVersion;

    public WindowScan(WindowFeatures features, WindowScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(settings);
        Features = features;
        _parser = new ServingLogLineParser(features, settings.Model, settings.Version, settings.Start, settings.End);
        _sampler = new ReservoirSampler(settings.MaxSamples, settings.SamplerSeed);
        _row = new WindowRow(features.NumericCount, features.CategoricalCount);
        Sample = new WindowSample(settings.MaxSamples, features.NumericCount, features.CategoricalCount);
    }

    public WindowFeatures Features { get; }

    public WindowSample Sample { get; }

    /// <summary>The first invalid line, for the message when most lines are invalid.</summary>
    public LinePosition? FirstInvalid { get; private set; }

    /// <summary>Unreadable objects with the reason, at most <see cref="MaxInvalidObjectsListed"/>.</summary>
    public IReadOnlyList<string> InvalidObjects => _invalidObjects;

    /// <summary>The feature names the sampled rows carry (known or not), for the message when features are missing.</summary>
    public IReadOnlyList<string> LogFeatureNames => _parser.SeenNames;

    public WindowCounts Counts => new()
    {
        Objects = _objects,
        InvalidObjects = _invalidObjectCount,
        SkippedObjects = _skippedObjects,
        Rows = _sampler.Seen,
        Invalid = _invalid,
        OutsideWindow = _outside,
        OtherVersion = _otherVersion,
        Sampled = Sample.Rows,
    };

    public void ObjectRead() => _objects++;

    public void ObjectSkipped() => _skippedObjects++;

    public void ObjectInvalid(string key, string reason)
    {
        _invalidObjectCount++;
        if (_invalidObjects.Count < MaxInvalidObjectsListed)
        {
            _invalidObjects.Add($"{key}: {reason}");
        }
    }

    /// <summary>Counts a line that could not even be held (far longer than any row).</summary>
    public void InvalidLine(string key, long lineNumber)
    {
        _invalid++;
        FirstInvalid ??= new LinePosition(key, lineNumber);
    }

    /// <summary>Takes one line (without its newline) of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Line(ReadOnlySpan<byte> line, string key, long lineNumber)
    {
        // The sampler knows before the line is read whether the next row is kept; only then are values read.
        var keep = _sampler.NextIsKept;
        switch (_parser.Parse(line, keep ? _row : null))
        {
            case LineKind.Row:
                var slot = _sampler.Offer();
                if (slot >= 0)
                {
                    Sample.Store(slot, _row);
                }

                break;
            case LineKind.Invalid:
                InvalidLine(key, lineNumber);
                break;
            case LineKind.OutsideWindow:
                _outside++;
                break;
            case LineKind.OtherVersion:
                _otherVersion++;
                break;
            default:
                break;
        }
    }
}
