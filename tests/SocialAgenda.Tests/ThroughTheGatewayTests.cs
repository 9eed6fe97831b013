using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.SocialAgenda.Tests;

/// <summary>
/// A wave from creation to results with the real gateway process as the only door, over real
/// sockets: administrators and management on REST (JSON transcoding), respondents on gRPC.
/// </summary>
public sealed class ThroughTheGatewayTests : IAsyncLifetime
{
    private SurveyService _service = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _service = await SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null);
        _gateway = await GatewayProcess.StartAsync("survey", _service.Grpc);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task A_wave_from_creation_to_results_through_the_gateway()
    {
        using var admin = Rest(People.Administrator);
        var wave = await PostAsync(admin, "/v1/survey/waves", new { year = 2026, title = "Sociale agenda 2026", instrumentId = SurveyService.InstrumentId });
        var waveId = wave.GetProperty("id").GetString()!;
        var tokens = new Dictionary<string, List<string>>();
        foreach (var (unit, count) in new[] { ("AM", 12), ("RT", 7), ("DH", 2) })
        {
            var issued = await PostAsync(admin, $"/v1/survey/waves/{waveId}/invitations", new { unit, count });
            tokens[unit] = issued.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        }

        Assert.Equal("WAVE_STATE_OPEN", (await PostAsync(admin, $"/v1/survey/waves/{waveId}:open", new { })).GetProperty("state").GetString());

        using var channel = Channels.Grpc(_gateway.Grpc, TestTokens.For(People.Employee));
        var respondent = new SocialAgendaService.SocialAgendaServiceClient(channel);
        foreach (var token in tokens.Values.SelectMany(t => t))
        {
            var receipt = await respondent.SubmitResponseAsync(SurveyService.Response(token, likert: 4, comment: "More time to recover."));
            Assert.Equal(2026, receipt.Year);
        }

        // A spent token through the gateway: refused, nothing said about why.
        var spent = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => respondent.SubmitResponseAsync(SurveyService.Response(tokens["AM"][0])).ResponseAsync);
        Assert.DoesNotContain(tokens["AM"][0], spent.Status.Detail, StringComparison.Ordinal);

        var closed = await PostAsync(admin, $"/v1/survey/waves/{waveId}:close", new { });
        Assert.Equal(21, closed.GetProperty("responses").GetInt32());

        using var national = Rest(People.National);
        var results = await national.GetFromJsonAsync<JsonElement>($"/v1/survey/waves/{waveId}/results");
        var units = results.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetString()!);
        // DH (2) is below the threshold; RT (7), the next-smallest sibling, is hidden with it.
        Assert.Equal((false, true, true), (Suppressed(units["AM"]), Suppressed(units["RT"]), Suppressed(units["DH"])));
        Assert.Equal(21, results.GetProperty("national").GetProperty("responses").GetInt32());

        using var management = Rest(People.Management("AM"));
        var report = await management.GetFromJsonAsync<JsonElement>($"/v1/survey/waves/{waveId}/units/AM/report");
        Assert.Equal(12, report.GetProperty("results").GetProperty("responses").GetInt32());
        var comments = await management.GetFromJsonAsync<JsonElement>($"/v1/survey/waves/{waveId}/units/AM/comments");
        Assert.Equal(12, comments.GetProperty("comments").GetArrayLength());
        using var otherUnit = await management.GetAsync(new Uri($"/v1/survey/waves/{waveId}/units/RT/report", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);

        // Without a token the gateway answers nothing at all.
        using var anonymous = new HttpClient { BaseAddress = _gateway.Http };
        using var refused = await anonymous.GetAsync(new Uri($"/v1/survey/waves/{waveId}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static bool Suppressed(JsonElement group) => group.TryGetProperty("suppressed", out var value) && value.GetBoolean();

    private HttpClient Rest(SuiteUser user)
    {
        var client = new HttpClient { BaseAddress = _gateway.Http };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(user));
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
