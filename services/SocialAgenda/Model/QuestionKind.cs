using System.Text.Json.Serialization;

namespace Pvi.SocialAgenda.Model;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionKind>))]
public enum QuestionKind
{
    Scale = 1,
    Comment = 2,
}
