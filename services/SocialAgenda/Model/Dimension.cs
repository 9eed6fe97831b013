using System.Text.Json.Serialization;

namespace Pvi.SocialAgenda.Model;

[JsonConverter(typeof(JsonStringEnumConverter<Dimension>))]
public enum Dimension
{
    None = 0,
    Physical = 1,
    Mental = 2,
    Moral = 3,
}
