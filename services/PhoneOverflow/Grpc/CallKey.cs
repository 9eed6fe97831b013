using System.Globalization;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.PhoneOverflow.Grpc;

/// <summary>The key that orders calls newest first: arrival, then id; in a page token as "ticks:id".</summary>
public static class CallKey
{
    public static string Of(Model.Call call) => $"{call.ArrivedAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{call.Id}";

    public static (DateTime At, string Id)? Parse(string key, FieldViolations violations)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(key[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999)
        {
            return (new DateTime(ticks, DateTimeKind.Utc), key[(colon + 1)..]);
        }

        violations.Add("page_token", "is not a page token this service issued");
        return null;
    }
}
