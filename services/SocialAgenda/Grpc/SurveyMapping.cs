using Google.Protobuf.WellKnownTypes;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Grpc;

/// <summary>Between the stored model and the API messages.</summary>
public static class SurveyMapping
{
    public static Instrument ToMessage(this Model.Instrument instrument)
    {
        var message = new Instrument
        {
            Id = instrument.Id,
            Code = instrument.Code,
            Version = instrument.Version,
            Title = instrument.Title,
            State = (InstrumentState)(int)instrument.State,
            CreateTime = Stamp(instrument.CreatedAt),
            PublishTime = Stamp(instrument.PublishedAt),
        };
        message.Questions.AddRange(instrument.Questions.Select(q => new Question
        {
            Id = q.Id,
            Kind = (QuestionKind)(int)q.Kind,
            Dimension = (Dimension)(int)q.Dimension,
            Theme = q.Theme,
            Text = q.Text,
            ScaleMin = q.ScaleMin,
            ScaleMax = q.ScaleMax,
            MinLabel = q.MinLabel,
            MaxLabel = q.MaxLabel,
            Reversed = q.Reversed,
            Required = q.Required,
            Who5 = q.Who5,
        }));
        return message;
    }

    public static Model.QuestionDefinition ToModel(this Question q) => new()
    {
        Id = q.Id,
        Kind = (Model.QuestionKind)(int)q.Kind,
        Dimension = q.Kind == QuestionKind.Scale ? (Model.Dimension)(int)q.Dimension : Model.Dimension.None,
        Theme = q.Kind == QuestionKind.Scale ? q.Theme : string.Empty,
        Text = q.Text.Trim(),
        ScaleMin = q.ScaleMin,
        ScaleMax = q.ScaleMax,
        MinLabel = q.MinLabel.Trim(),
        MaxLabel = q.MaxLabel.Trim(),
        Reversed = q.Reversed,
        Required = q.Required,
        Who5 = q.Who5,
    };

    public static Wave ToMessage(this Model.Wave wave, IEnumerable<Model.WaveUnit> units)
    {
        var message = new Wave
        {
            Id = wave.Id,
            Year = wave.Year,
            Title = wave.Title,
            InstrumentId = wave.InstrumentId,
            State = (WaveState)(int)wave.State,
            OpenTime = Stamp(wave.OpenedAt),
            CloseTime = Stamp(wave.ClosedAt),
            Responses = wave.State == Model.WaveState.Closed ? wave.Responses : 0,
        };
        message.Units.AddRange(units.OrderBy(u => u.Unit, StringComparer.Ordinal).Select(u => new WaveUnit { Unit = u.Unit, Invited = u.Invited }));
        return message;
    }

    public static Measure ToMessage(this Model.Measure measure) => new()
    {
        Id = measure.Id,
        Unit = measure.Unit,
        Title = measure.Title,
        Description = measure.Description,
        Owner = measure.Owner,
        DueDate = measure.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Status = (MeasureStatus)(int)measure.Status,
        ProgressPercent = measure.ProgressPercent,
        Theme = measure.Theme ?? string.Empty,
        WaveId = measure.WaveId ?? string.Empty,
        CreateTime = Stamp(measure.CreatedAt),
        UpdateTime = Stamp(measure.UpdatedAt),
    };

    private static Timestamp? Stamp(DateTime? value) => value is { } v ? Timestamp.FromDateTime(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
