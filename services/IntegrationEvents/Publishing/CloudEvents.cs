using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Pvi.IntegrationEvents.Publishing;

/// <summary>CloudEvents 1.0 in JSON format, with the event message as JSON <c>data</c>.</summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";
    public const string DataContentType = "application/json";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static string Create(
        Guid id, string source, string topic, string pubSubName, string subject, IMessage data, DateTime time, string? traceparent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", id.ToString());
            json.WriteString("source", source);
            json.WriteString("type", data.Descriptor.FullName);
            json.WriteString("subject", subject);
            json.WriteString("time", time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", DataContentType);
            if (!string.IsNullOrEmpty(traceparent))
            {
                json.WriteString("traceparent", traceparent);
            }

            json.WriteString("topic", topic);
            json.WriteString("pubsubname", pubSubName);
            json.WritePropertyName("data");
            json.WriteRawValue(Formatter.Format(data), skipInputValidation: true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The W3C trace context of the current activity, to continue the trace in relay and subscriber.</summary>
    public static string? CurrentTraceparent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    public static string? Traceparent(string cloudEvent)
    {
        using var document = JsonDocument.Parse(cloudEvent);
        return document.RootElement.TryGetProperty("traceparent", out var value) ? value.GetString() : null;
    }
}
