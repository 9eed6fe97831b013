using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Pvi.Suite.Tests;

/// <summary>
/// Invalid requests for an RPC built from its input message's descriptor: each field in turn set
/// to values no service should take (huge, negative and extreme numbers, unknown enum values,
/// malformed page tokens and ids, unicode edge cases, timestamps out of range), and random
/// combinations of them.
/// </summary>
public sealed class RequestFuzzer(int seed)
{
    private static readonly string[] Strings =
    [
        new string('x', 20_000),
        "../../etc/passwd",
        "' OR 1=1 --",
        "\u0000\u0001\u0002",
        "\u202Eevil\u202C",
        "e\u0301\u0301\u0301\u0301",
        "\u200B",
        "💥🚓👮‍♀️",
        " ",
    ];

    /// <summary>Well-formed for some fields, wrong for these: a page token the service never issued.</summary>
    private static readonly string[] PageTokens = ["not-a-page-token", "azE6Li4vLi4v", "k1:"];

    /// <summary>An id of the service's own form that it never issued.</summary>
    private static readonly string[] Ids = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"];

    private static readonly long[] Integers = [-1, int.MinValue, int.MaxValue, long.MaxValue, 1_000_000];

    private static readonly double[] Doubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 1e308];

    private readonly Random _random = new(seed);

    /// <summary>One request per field and bad value, each on the empty request.</summary>
    public IEnumerable<IMessage> EachField(MessageDescriptor input)
    {
        foreach (var field in input.Fields.InDeclarationOrder())
        {
            foreach (var value in BadValues(field))
            {
                var request = (IMessage)Activator.CreateInstance(input.ClrType)!;
                Set(request, field, value);
                yield return request;
            }
        }
    }

    /// <summary>A request with a random bad value in a random half of its fields.</summary>
    public IMessage Random(MessageDescriptor input)
    {
        var request = (IMessage)Activator.CreateInstance(input.ClrType)!;
        foreach (var field in input.Fields.InDeclarationOrder().Where(_ => _random.Next(2) == 0))
        {
            var values = BadValues(field).ToList();
            if (values.Count > 0)
            {
                Set(request, field, values[_random.Next(values.Count)]);
            }
        }

        return request;
    }

    private static IEnumerable<object> BadValues(FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String when field.Name == "page_token":
                return [.. Strings, .. PageTokens];
            case FieldType.String when field.Name is "id" or "wave_id" or "instrument_id" or "complaint_id" or "offer_id" or "measure_id":
                return [.. Strings, .. Ids];
            case FieldType.String:
                return Strings;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return Integers.Select(i => (object)(int)Math.Clamp(i, int.MinValue, int.MaxValue));
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return Integers.Select(i => (object)i);
            case FieldType.Double:
                return Doubles.Select(d => (object)d);
            case FieldType.Float:
                return Doubles.Select(d => (object)(float)d);
            case FieldType.Bool:
                return [true];
            case FieldType.Enum:
                return [999, -5];
            case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                return [new Timestamp { Seconds = long.MaxValue }, new Timestamp { Seconds = -1, Nanos = -7 }, new Timestamp { Seconds = 0, Nanos = 2_000_000_000 }];
            case FieldType.Message when field.MessageType.FullName == FieldMask.Descriptor.FullName:
                return [new FieldMask { Paths = { "no_such_field", "id" } }];
            case FieldType.Message:
                // A nested message: itself with one bad field.
                return field.MessageType.Fields.InDeclarationOrder().Take(3).SelectMany(inner => BadValues(inner).Take(2).Select(value =>
                {
                    var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    Set(nested, inner, value);
                    return (object)nested;
                })).ToList();
            default:
                return [];
        }
    }

    private static void Set(IMessage message, FieldDescriptor field, object value)
    {
        if (field.FieldType == FieldType.Enum)
        {
            value = System.Enum.ToObject(field.EnumType.ClrType, (int)value);
        }

        if (field.IsRepeated)
        {
            var list = (System.Collections.IList)field.Accessor.GetValue(message);
            list.Add(value);
            if (value is string text && text.Length < 100)
            {
                // A long list of it too.
                for (var i = 0; i < 2_000; i++)
                {
                    list.Add(text);
                }
            }
        }
        else if (!field.IsMap)
        {
            field.Accessor.SetValue(message, value);
        }
    }
}
