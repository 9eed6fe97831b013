using Google.Rpc;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>
/// Collects every field violation of a request so that the caller learns all of them at once.
/// Field paths follow the proto field names (AIP-193), e.g. <c>members[2].unit</c>.
/// </summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public IReadOnlyList<BadRequest.Types.FieldViolation> Items => _violations;

    public bool Any => _violations.Count > 0;

    public FieldViolations Add(string field, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    public FieldViolations Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }

        return this;
    }

    /// <summary>A code that must be one of a known set (a unit, a category): required unless optional, then known.</summary>
    public FieldViolations Known(string field, string? value, Func<string, bool> isKnown, string what, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "is required");
            }
        }
        else if (!isKnown(value))
        {
            Add(field, $"is not a known {what}");
        }

        return this;
    }

    public FieldViolations MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters");
        }

        return this;
    }

    public FieldViolations Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}");
        }

        return this;
    }

    public FieldViolations Defined<TEnum>(string field, TEnum value, bool allowUnspecified = false) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value) || (!allowUnspecified && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0))
        {
            Add(field, allowUnspecified ? "is not a known value" : "must be set to a known value");
        }

        return this;
    }

    /// <summary>
    /// Reads a protobuf timestamp as a UTC DateTime; one outside 0001-9999 or with bad nanos
    /// (which would throw on conversion) is a violation.
    /// </summary>
    public DateTime? Time(string field, Google.Protobuf.WellKnownTypes.Timestamp? value, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        if (value.Seconds < -62_135_596_800 || value.Seconds > 253_402_300_799 || value.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid timestamp");
            return null;
        }

        return value.ToDateTime();
    }

    /// <summary>Reads a calendar date written as <c>YYYY-MM-DD</c>.</summary>
    public DateOnly? Date(string field, string? value, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(field, "must be a date as YYYY-MM-DD");
        return null;
    }

    /// <summary>A resource id the service issued (a GUID in its canonical form).</summary>
    public FieldViolations Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
        }
        else if (!Guid.TryParseExact(value, "D", out _))
        {
            Add(field, "is not an id this service issued");
        }

        return this;
    }

    /// <summary>Page size per AIP-158: 0 means the default; negative is an error.</summary>
    public FieldViolations PageSize(string field, int pageSize, int max)
    {
        if (pageSize < 0 || pageSize > max)
        {
            Add(field, $"must be between 0 and {max}");
        }

        return this;
    }

    /// <summary>Throws <see cref="RequestValidationException"/> when anything was collected.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new RequestValidationException(this);
        }
    }
}
