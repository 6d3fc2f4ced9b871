namespace Sluice.Core.Api.Schema;

/// <summary>Inclusive bounds of a number (<c>minimum</c>/<c>maximum</c>); use NaN to leave a side open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double minimum, double maximum = double.NaN) : Attribute
{
    public double Minimum { get; } = minimum;

    public double Maximum { get; } = maximum;
}
