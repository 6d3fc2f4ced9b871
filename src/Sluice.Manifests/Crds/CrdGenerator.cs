using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Core.Api;
using Sluice.Core.Api.Schema;
using Sluice.Manifests.Loading;

namespace Sluice.Manifests.Crds;

/// <summary>
/// Builds the CustomResourceDefinitions of the sluice.dev kinds from the Core API types: structural OpenAPI v3
/// schemas with descriptions from the doc comments (a missing one is an error), bounds (of list items too), patterns,
/// enums, set lists, defaults and CEL rules from the schema attributes, the status subresource and printer columns.
/// </summary>
public sealed class CrdGenerator
{
    private readonly XmlDocs _docs = XmlDocs.ForAssembly(typeof(Pipeline).Assembly);

    /// <summary>File name (kubebuilder style) and CRD object of every kind.</summary>
    public IReadOnlyList<(string FileName, Dictionary<string, object> Crd)> GenerateAll() =>
        ApiKinds.ByKind.Values.Select(t =>
        {
            var crd = Generate(t);
            return ($"{ApiGroup.Group}_{t.GetCustomAttribute<CustomResourceAttribute>()!.Plural}.yaml", crd);
        }).ToList();

    public Dictionary<string, object> Generate(Type kindType)
    {
        var cr = kindType.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new InvalidOperationException($"{kindType.Name} has no [CustomResource]");
        var specProperty = kindType.GetProperty("Spec")!;
        var statusProperty = kindType.GetProperty("Status")!;
        var root = new Dictionary<string, object>
        {
            ["description"] = Describe(kindType),
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["apiVersion"] = new Dictionary<string, object> { ["description"] = "APIVersion defines the versioned schema of this representation of an object.", ["type"] = "string" },
                ["kind"] = new Dictionary<string, object> { ["description"] = "Kind is a string value representing the REST resource this object represents.", ["type"] = "string" },
                ["metadata"] = new Dictionary<string, object> { ["type"] = "object" },
                ["spec"] = PropertySchema(specProperty),
                ["status"] = PropertySchema(statusProperty),
            },
            ["required"] = new List<object> { "spec" },
        };
        var columns = kindType.GetCustomAttributes<PrinterColumnAttribute>().OrderBy(c => c.Order).Select(c =>
        {
            var column = new Dictionary<string, object> { ["name"] = c.Name, ["type"] = c.Type, ["jsonPath"] = c.JsonPath };
            if (c.Priority != 0)
            {
                column["priority"] = c.Priority;
            }

            return (object)column;
        }).ToList();
        var singular = cr.Kind.ToLowerInvariant();
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new Dictionary<string, object> { ["name"] = $"{cr.Plural}.{ApiGroup.Group}" },
            ["spec"] = new Dictionary<string, object>
            {
                ["group"] = ApiGroup.Group,
                ["names"] = new Dictionary<string, object>
                {
                    ["kind"] = cr.Kind,
                    ["listKind"] = cr.Kind + "List",
                    ["plural"] = cr.Plural,
                    ["singular"] = singular,
                    ["shortNames"] = cr.ShortNames.Cast<object>().ToList(),
                    ["categories"] = new List<object> { ApiGroup.Category },
                },
                ["scope"] = "Namespaced",
                ["versions"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = ApiGroup.Version,
                        ["served"] = true,
                        ["storage"] = true,
                        ["subresources"] = new Dictionary<string, object> { ["status"] = new Dictionary<string, object>() },
                        ["additionalPrinterColumns"] = columns,
                        ["schema"] = new Dictionary<string, object> { ["openAPIV3Schema"] = root },
                    },
                },
            },
        };
    }

    private string Describe(Type type) =>
        _docs.ForType(type) ?? throw new InvalidOperationException($"type {type.FullName} has no <summary> doc comment; add one (it becomes the CRD description)");

    private Dictionary<string, object> PropertySchema(PropertyInfo property)
    {
        var description = _docs.ForProperty(property)
            ?? throw new InvalidOperationException($"property {property.DeclaringType!.Name}.{property.Name} has no <summary> doc comment; add one (it becomes the CRD description)");
        var schema = new Dictionary<string, object> { ["description"] = description };
        foreach (var (key, value) in TypeSchema(property.PropertyType))
        {
            schema[key] = value;
        }

        var isArray = schema.TryGetValue("type", out var t) && (string)t == "array";
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema["enum"] = allowed.Values.Cast<object>().ToList();
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            schema[isArray ? "minItems" : "minLength"] = length.Minimum;
            if (length.Maximum >= 0)
            {
                schema[isArray ? "maxItems" : "maxLength"] = length.Maximum;
            }
        }

        if (property.GetCustomAttribute<ItemsAttribute>() is { } items)
        {
            var itemSchema = isArray ? (Dictionary<string, object>)schema["items"]
                : throw new InvalidOperationException($"[Items] on {property.DeclaringType!.Name}.{property.Name}, which is not a list");
            if (items.MinLength >= 0)
            {
                itemSchema["minLength"] = items.MinLength;
            }

            if (items.MaxLength >= 0)
            {
                itemSchema["maxLength"] = items.MaxLength;
            }

            if (items.Pattern is { } itemPattern)
            {
                itemSchema["pattern"] = itemPattern;
            }
        }

        if (property.GetCustomAttribute<ListSetAttribute>() is not null)
        {
            schema["x-kubernetes-list-type"] = "set";
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            var integer = (string)schema["type"] == "integer";
            schema["minimum"] = integer ? (long)range.Minimum : range.Minimum;
            if (!double.IsNaN(range.Maximum))
            {
                schema["maximum"] = integer ? (long)range.Maximum : range.Maximum;
            }
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } def)
        {
            schema["default"] = def.Value;
        }

        var rules = property.GetCustomAttributes<CelRuleAttribute>().Select(r => (object)new Dictionary<string, object> { ["rule"] = r.Rule, ["message"] = r.Message }).ToList();
        if (rules.Count > 0)
        {
            schema["x-kubernetes-validations"] = rules;
        }

        return schema;
    }

    private Dictionary<string, object> TypeSchema(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return new() { ["type"] = "string" };
        }

        if (t == typeof(bool))
        {
            return new() { ["type"] = "boolean" };
        }

        if (t == typeof(int))
        {
            return new() { ["type"] = "integer", ["format"] = "int32" };
        }

        if (t == typeof(long))
        {
            return new() { ["type"] = "integer", ["format"] = "int64" };
        }

        if (t == typeof(double))
        {
            return new() { ["type"] = "number" };
        }

        if (t == typeof(DateTimeOffset))
        {
            return new() { ["type"] = "string", ["format"] = "date-time" };
        }

        if (t == typeof(JsonElement))
        {
            return new() { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (t.IsEnum)
        {
            return new() { ["type"] = "string", ["enum"] = Enum.GetNames(t).Cast<object>().ToList() };
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new() { ["type"] = "array", ["items"] = TypeSchema(t.GetGenericArguments()[0]) };
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new() { ["type"] = "object", ["additionalProperties"] = TypeSchema(t.GetGenericArguments()[1]) };
        }

        var properties = new Dictionary<string, object>();
        var required = new List<object>();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name)
            {
                throw new InvalidOperationException($"property {t.Name}.{p.Name} has no [JsonPropertyName]");
            }

            properties[name.Name] = PropertySchema(p);
            if (p.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name.Name);
            }
        }

        var schema = new Dictionary<string, object> { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }

    /// <summary>The CRD as YAML text, with the header every generated file carries.</summary>
    public static string ToYaml(Dictionary<string, object> crd)
    {
        var serializer = new YamlDotNet.Serialization.SerializerBuilder()
            .WithQuotingNecessaryStrings()
            .WithIndentedSequences()
            .Build();
        return "# Generated by `sluice crds` from src/Sluice.Core/Api; do not edit.\n---\n" + serializer.Serialize(crd).Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
