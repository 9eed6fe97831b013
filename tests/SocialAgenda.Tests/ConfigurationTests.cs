using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.SocialAgenda.Tests;

/// <summary>The thresholds are configuration and can only be raised; the demo seeds of the embedded default.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Survey:ScoreThreshold", "4")]
    [InlineData("Survey:CommentThreshold", "9")]
    public async Task A_threshold_below_its_default_stops_the_service_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains("can only be raised", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raised_score_threshold_suppresses_more_also_in_results_published_before()
    {
        string waveId;
        var folder = Directory.CreateTempSubdirectory("pvi-survey-raise-").FullName;
        var settings = new Dictionary<string, string?> { ["Database:DataFolder"] = folder };
        await using (var service = await SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, settings))
        {
            var (wave, tokens) = await service.OpenWaveAsync(2026, ("AM", 6), ("RT", 30));
            for (var i = 0; i < 6; i++)
            {
                await service.SubmitAsync(tokens["AM"][i]);
            }

            for (var i = 0; i < 30; i++)
            {
                await service.SubmitAsync(tokens["RT"][i]);
            }

            await service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
            waveId = wave.Id;
            Assert.False((await service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = waveId })).Units.Single(u => u.Unit == "AM").Suppressed);
        }

        settings["Survey:ScoreThreshold"] = "8";
        await using (var service = await SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, settings))
        {
            var results = await service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = waveId });
            Assert.Equal(8, results.ScoreThreshold);
            Assert.True(results.Units.Single(u => u.Unit == "AM").Suppressed);
            // AM alone hidden would be RT's total minus national: RT goes too.
            Assert.True(results.Units.Single(u => u.Unit == "RT").Suppressed);
            Assert.Equal(36, results.National.Responses);
        }
    }

    [Fact]
    public async Task The_demo_waves_have_synthetic_responses_with_small_units_suppressed_and_a_change_against_last_year()
    {
        await using var service = await SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, new Dictionary<string, string?> { ["Survey:SeedDemoWaves"] = "true" });
        var waves = (await service.National.ListWavesAsync(new ListWavesRequest())).Waves;
        Assert.Equal([2026, 2025], waves.Select(w => w.Year));
        Assert.All(waves, w => Assert.Equal(WaveState.Closed, w.State));

        var results = await service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = waves[0].Id });
        var byUnit = results.Units.ToDictionary(u => u.Unit);
        Assert.True(byUnit["ON"].Suppressed);
        Assert.True(byUnit["NN"].Suppressed);
        Assert.False(byUnit["AM"].Suppressed);
        Assert.True(byUnit["AM"].Who5.HasChange);
        Assert.True(byUnit["AM"].Who5.NotableChange);
        Assert.True((await service.National.ListCommentsAsync(new ListCommentsRequest { WaveId = waves[0].Id, Unit = "DH" })).Suppressed);
        Assert.NotEmpty((await service.National.ListCommentsAsync(new ListCommentsRequest { WaveId = waves[0].Id, Unit = "AM" })).Comments);
    }
}
