using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Authentication;
using Pvi.SocialAgenda.Responses;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.SocialAgenda.Tests;

/// <summary>
/// The rules of services/SocialAgenda/README.md through the gRPC API of the real service over real sockets,
/// once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class SurveyRules : IAsyncLifetime
{
    protected SurveyService Service { get; private set; } = null!;

    protected abstract Task<SurveyService> StartServiceAsync();

    public async Task InitializeAsync() => Service = await StartServiceAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Fact]
    public async Task One_response_per_token_and_a_spent_or_unknown_token_is_refused_without_saying_which()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 2));

        var receipt = await Service.SubmitAsync(tokens["AM"][0]);
        Assert.Equal((wave.Id, 2026, "2026-10-05"), (receipt.WaveId, receipt.Year, receipt.SubmitDate));

        var spent = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.SubmitAsync(tokens["AM"][0]));
        var unknown = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.SubmitAsync(InvitationTokens.New()));
        var garbage = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.SubmitAsync("not-a-token"));
        Assert.Equal(spent.Status.Detail, unknown.Status.Detail);
        Assert.Equal(spent.Status.Detail, garbage.Status.Detail);
        Assert.Equal(1, await Service.DbAsync(db => db.PendingResponses.CountAsync()));
        Assert.Equal(1, await Service.DbAsync(db => db.SpentInvitations.CountAsync()));
    }

    [Fact]
    public async Task Tokens_are_returned_once_and_stored_only_as_hashes()
    {
        var wave = await Service.Admin.CreateWaveAsync(new CreateWaveRequest { Year = 2026, Title = "2026", InstrumentId = SurveyService.InstrumentId });
        var issued = await Service.Admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "RT", Count = 25, RequestId = "rt-1" });

        Assert.Equal(25, issued.Tokens.Distinct().Count());
        Assert.All(issued.Tokens, t => Assert.True(InvitationTokens.IsWellFormed(t)));
        var stored = await Service.DbAsync(db => db.Invitations.Select(i => i.TokenHash).ToListAsync());
        Assert.Equal(issued.Tokens.Select(InvitationTokens.Hash).Order(), stored.Order());
        Assert.DoesNotContain(stored, h => issued.Tokens.Contains(h));
        // A repeated request cannot get the tokens a second time.
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Service.Admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "RT", Count = 25, RequestId = "rt-1" }).ResponseAsync);
        Assert.Equal(25, (await Service.Admin.GetWaveAsync(new GetWaveRequest { Id = wave.Id })).Units.Single(u => u.Unit == "RT").Invited);
    }

    [Fact]
    public async Task A_response_keeps_no_token_identity_address_or_time_of_day_and_cannot_be_joined_to_a_token()
    {
        var (_, tokens) = await Service.OpenWaveAsync(2026, ("AM", 10));
        var answered = new List<(string Token, int Likert)>();
        for (var i = 0; i < 10; i++)
        {
            // Every respondent answers differently, so a stored row says whose it would be.
            var likert = 1 + (i % 5);
            await Service.SubmitAsync(tokens["AM"][i], who5: i % 6, likert: likert);
            answered.Add((tokens["AM"][i], likert));
        }

        var schema = await Service.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Model.SurveyResponse))!.GetProperties().Select(p => p.GetColumnName()).Order().ToList()));
        Assert.Equal(["Answers", "Day", "Id", "Unit", "WaveId"], schema);
        Assert.Equal(["TokenHash"], await Service.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Model.SpentInvitation))!.GetProperties().Select(p => p.GetColumnName()).ToList())));
        Assert.Equal(typeof(DateOnly), await Service.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Model.SurveyResponse))!.FindProperty("Day")!.ClrType)));
        Assert.Empty(await Service.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Model.SurveyResponse))!.GetForeignKeys().ToList())));

        // The stored rows: ids random (version 4, not time-ordered), no token or hash in them, the day only.
        var stored = await Service.DbAsync(db => db.Responses.ToListAsync());
        Assert.Equal(10, stored.Count);
        Assert.All(stored, r => Assert.Equal(4, Guid.Parse(r.Id).Version));
        Assert.DoesNotContain(stored, r => answered.Any(a => r.Answers.Contains(a.Token, StringComparison.Ordinal) || r.Answers.Contains(InvitationTokens.Hash(a.Token), StringComparison.Ordinal)));
        Assert.All(stored, r => Assert.Equal(new DateOnly(2026, 10, 5), r.Day));

        // No key links a response to an invitation or a spent marker: nothing in common but the unit.
        var responseColumns = schema.ToHashSet();
        var invitationColumns = await Service.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Model.Invitation))!.GetProperties().Select(p => p.GetColumnName()).ToHashSet()));
        Assert.Equal(["Unit", "WaveId"], responseColumns.Intersect(invitationColumns).Order());
        Assert.Empty(responseColumns.Intersect(["TokenHash"]));
    }

    [Fact]
    public async Task Responses_wait_until_their_unit_has_a_batch_and_enter_the_table_in_random_order()
    {
        var (_, tokens) = await Service.OpenWaveAsync(2026, ("AM", 30), ("RT", 5));
        for (var i = 0; i < 9; i++)
        {
            await Service.SubmitAsync(tokens["AM"][i], who5: i % 6);
        }

        await Service.SubmitAsync(tokens["RT"][0]);
        Assert.Equal(0, await Service.DbAsync(db => db.Responses.CountAsync()));
        Assert.Equal(10, await Service.DbAsync(db => db.PendingResponses.CountAsync()));

        // The tenth of AM releases AM's batch (not RT's single one).
        await Service.SubmitAsync(tokens["AM"][9], who5: 5);
        Assert.Equal(10, await Service.DbAsync(db => db.Responses.CountAsync(r => r.Unit == "AM")));
        Assert.Equal(["RT"], await Service.DbAsync(db => db.PendingResponses.Select(p => p.Unit).ToListAsync()));

        // Ten distinct answer sets: the chance that a shuffle keeps the submission order is 1 in 3.6 million.
        var expected = Enumerable.Range(0, 10).Select(i => i == 9 ? 5 : i % 6).ToList();
        var stored = await Service.DbAsync(db => db.Responses.Where(r => r.Unit == "AM").Select(r => r.Answers).ToListAsync());
        var who5InStoredOrder = stored.Select(a => int.Parse(a.Split(',')[5], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected.Order(), who5InStoredOrder.Order());
        Assert.NotEqual(expected, who5InStoredOrder);
    }

    [Fact]
    public async Task Scores_of_a_unit_below_five_are_suppressed_and_so_is_the_next_smallest_sibling_against_subtraction()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 12), ("RT", 6), ("DH", 3), ("MN", 20));
        await AnswerAsync(tokens["AM"], 12, likert: 4);
        await AnswerAsync(tokens["RT"], 6, likert: 3);
        await AnswerAsync(tokens["DH"], 3, likert: 1);
        await AnswerAsync(tokens["MN"], 20, likert: 5);
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });

        var results = await Service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id });
        var byUnit = results.Units.ToDictionary(u => u.Unit);
        Assert.True(byUnit["DH"].Suppressed);
        // Without RT hidden too, DH's mean would follow from the national mean minus AM, MN and RT.
        Assert.True(byUnit["RT"].Suppressed);
        Assert.False(byUnit["AM"].Suppressed);
        Assert.False(byUnit["MN"].Suppressed);
        Assert.Equal(41, results.National.Responses);
        foreach (var hidden in new[] { byUnit["DH"], byUnit["RT"] })
        {
            Assert.Equal(0, hidden.Responses);
            Assert.All(hidden.Dimensions, d => Assert.True(d.Score.Suppressed));
            Assert.All(hidden.Dimensions, d => Assert.Equal(0, d.Score.Mean));
            Assert.True(hidden.Who5.Suppressed);
            Assert.Empty(hidden.LowestThemes);
        }

        // What is shown cannot give DH alone: the national total minus the shown units leaves RT and DH together (9 people).
        var physical = (GroupResults g) => g.Dimensions.Single(d => d.Dimension == Dimension.Physical).Score;
        var remainder = physical(results.National).Mean * 41 - physical(byUnit["AM"]).Mean * 12 - physical(byUnit["MN"]).Mean * 20;
        Assert.Equal((6 * 50.0 + 3 * 20.0) / 9, remainder / 9, 0);

        // Unit management of a suppressed unit gets no figure either.
        var report = await Service.Client(People.Management("DH")).GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "DH" });
        Assert.True(report.Results.Suppressed);
        Assert.All(report.Results.Dimensions, d => Assert.True(d.Score.Suppressed));
    }

    [Fact]
    public async Task Comments_of_a_unit_with_fewer_than_ten_responses_are_suppressed()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 10), ("RT", 9));
        await AnswerAsync(tokens["AM"], 10, comment: "More time to recover after night shifts.");
        await AnswerAsync(tokens["RT"], 9, comment: "A quiet room after heavy incidents.");
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });

        var am = await Service.National.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "AM" });
        var rt = await Service.National.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "RT" });
        Assert.False(am.Suppressed);
        Assert.Equal(10, am.Comments.Count);
        Assert.True(rt.Suppressed);
        Assert.Empty(rt.Comments);
        // RT's scores (9 responses) are shown; only its comments are not.
        Assert.False((await Service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id })).Units.Single(u => u.Unit == "RT").Suppressed);
    }

    [Fact]
    public async Task Results_only_after_the_wave_is_closed_and_a_closed_wave_takes_no_responses()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 8));
        await AnswerAsync(tokens["AM"], 6);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Client(People.Management("AM")).GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.National.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);

        var closed = await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        Assert.Equal((WaveState.Closed, 6), (closed.State, closed.Responses));
        var rows = await Service.RowsAsync();
        var late = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.SubmitAsync(tokens["AM"][7]));
        Assert.Contains("closed", late.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(rows, await Service.RowsAsync());
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id }).ResponseAsync);
        Assert.Equal(6, (await Service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id })).National.Responses);
    }

    [Fact]
    public async Task WHO5_raw_score_times_four_gives_the_index_and_the_share_below_raw_13_is_reported_per_group()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 10));
        // Raw 25 (index 100) four times, raw 10 (index 40, poor) four times, raw 15 (index 60) twice.
        var items = new[] { 5, 5, 5, 5, 2, 2, 2, 2, 3, 3 };
        for (var i = 0; i < items.Length; i++)
        {
            await Service.SubmitAsync(tokens["AM"][i], who5: items[i]);
        }

        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        var report = await Service.Client(People.Management("AM")).GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" });

        Assert.Equal((10, 4 * 100 / 10.0 + 4 * 40 / 10.0 + 2 * 60 / 10.0, 0.4), (report.Results.Who5.Respondents, report.Results.Who5.IndexMean, report.Results.Who5.SharePoor));
        // Never per person: the report holds group figures only.
        Assert.DoesNotContain("raw", report.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_change_against_the_previous_wave_and_the_lowest_scoring_themes_per_unit()
    {
        var (first, firstTokens) = await Service.OpenWaveAsync(2025, ("AM", 10));
        await AnswerAsync(firstTokens["AM"], 10, who5: 2, likert: 3);
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = first.Id });
        var (second, secondTokens) = await Service.OpenWaveAsync(2026, ("AM", 10));
        for (var i = 0; i < 10; i++)
        {
            var request = SurveyService.Response(secondTokens["AM"][i], who5: 4, likert: 4);
            // Workload is the sore point this year.
            request.Answers.Single(a => a.QuestionId == "mental-workload").Value = 1;
            await Service.Employee.SubmitResponseAsync(request);
        }

        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = second.Id });
        var report = await Service.Client(People.Management("AM")).GetUnitReportAsync(new GetUnitReportRequest { WaveId = second.Id, Unit = "AM" });

        // WHO-5: raw 10 (index 40) a year ago, raw 20 (index 80) now: +40 points, a notable change.
        Assert.Equal((80, 40, true), (report.Results.Who5.IndexMean, report.Results.Who5.Change, report.Results.Who5.NotableChange));
        // Physical: likert 3 -> 4 on the four straight items, 3 -> 4 on the reversed one: (50*4+50)/5 = 50 to (75*4+25)/5 = 65.
        Assert.Equal(15, report.Results.Dimensions.Single(d => d.Dimension == Dimension.Physical).Score.Change);
        Assert.Equal("workload", report.Results.LowestThemes[0].Theme);
        Assert.Equal(0, report.Results.LowestThemes[0].Mean);
        Assert.Equal(3, report.Results.LowestThemes.Count);
        Assert.True(report.Results.LowestThemes.Zip(report.Results.LowestThemes.Skip(1)).All(p => p.First.Mean <= p.Second.Mean));
    }

    [Fact]
    public async Task Unit_management_sees_its_own_unit_national_management_everything_and_respondents_only_their_receipt()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 5), ("RT", 5));
        await AnswerAsync(tokens["AM"], 5);
        await AnswerAsync(tokens["RT"], 5);
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        var am = Service.Client(People.Management("AM"));

        Assert.Equal("AM", (await am.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" })).Results.Unit);
        var other = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => am.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "RT" }).ResponseAsync);
        var absent = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => am.GetUnitReportAsync(new GetUnitReportRequest { WaveId = Guid.NewGuid().ToString(), Unit = "RT" }).ResponseAsync);
        Assert.Equal(other.Status.Detail, absent.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => am.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => am.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "RT" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => am.ListMeasuresAsync(new ListMeasuresRequest { Unit = "RT" }).ResponseAsync);

        Assert.Equal(2, (await Service.National.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id })).Units.Count);
        Assert.Equal("RT", (await Service.National.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "RT" })).Results.Unit);

        // An employee (and the administrator, who runs the wave) reads no results at all.
        foreach (var caller in new[] { Service.Employee, Service.Admin })
        {
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => caller.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => caller.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = wave.Id }).ResponseAsync);
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => caller.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);
        }

        // Only administrators run waves.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Employee.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "AM", Count = 1 }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.National.CreateWaveAsync(new CreateWaveRequest { Year = 2025, Title = "x", InstrumentId = SurveyService.InstrumentId }).ResponseAsync);
        // A role of another service gets nothing.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Other(Roles.BasicTeam)).ListUnitsAsync(new ListUnitsRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Answers_out_of_scale_missing_required_items_and_unknown_questions_are_refused_with_every_violation_and_nothing_stored()
    {
        var (_, tokens) = await Service.OpenWaveAsync(2026, ("AM", 1));
        var request = SurveyService.Response(tokens["AM"][0]);
        request.Answers.Single(a => a.QuestionId == "mental-who5-2").Value = 6;
        request.Answers.Single(a => a.QuestionId == "physical-sleep").Value = 0;
        request.Answers.Remove(request.Answers.Single(a => a.QuestionId == "moral-respect"));
        request.Answers.Add(new Answer { QuestionId = "no-such-question", Value = 3 });
        request.Answers.Add(new Answer { QuestionId = "mental-who5-1", Value = 3 });
        request.Answers.Add(new Answer { QuestionId = "comment-safety", Text = new string('x', 4001) });

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Service.Employee.SubmitResponseAsync(request).ResponseAsync);
        var fields = RpcAssert.Violations(error);
        Assert.Equal(6, fields.Count);
        Assert.Contains(fields, f => f.EndsWith(".value", StringComparison.Ordinal) && request.Answers[int.Parse(f[8..f.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)].QuestionId == "mental-who5-2");
        Assert.Contains("answers", fields);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations, v => v.Description.Contains("moral-respect", StringComparison.Ordinal));
        Assert.Equal(0, await Service.RowsAsync() - (await Service.OutboxAsync("survey.wave-opened")).Count);

        // The token was not spent by the refused attempt.
        await Service.SubmitAsync(tokens["AM"][0]);
    }

    [Fact]
    public async Task A_wave_opened_twice_is_refused_and_one_wave_per_year()
    {
        var (wave, _) = await Service.OpenWaveAsync(2026, ("AM", 1));
        var again = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id }).ResponseAsync);
        Assert.Contains("open already", again.Status.Detail, StringComparison.Ordinal);
        Assert.Single(await Service.OutboxAsync("survey.wave-opened"));
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Service.Admin.CreateWaveAsync(new CreateWaveRequest { Year = 2026, Title = "Again", InstrumentId = SurveyService.InstrumentId }).ResponseAsync);
        await Service.Admin.CreateWaveAsync(new CreateWaveRequest { Year = 2025, Title = "Last year", InstrumentId = SurveyService.InstrumentId });
        var first = await Service.Admin.ListWavesAsync(new ListWavesRequest { PageSize = 1 });
        var second = await Service.Admin.ListWavesAsync(new ListWavesRequest { PageSize = 1, PageToken = first.NextPageToken });
        Assert.Equal((2026, 2025, ""), (first.Waves.Single().Year, second.Waves.Single().Year, second.NextPageToken));

        var bad = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Service.Admin.CreateWaveAsync(new CreateWaveRequest { Year = 1999, InstrumentId = "x" }).ResponseAsync);
        Assert.Equal(["year", "title", "instrument_id"], RpcAssert.Violations(bad));
        var invite = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Service.Admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "XX", Count = 0 }).ResponseAsync);
        Assert.Equal(["unit", "count"], RpcAssert.Violations(invite));
    }

    [Fact]
    public async Task A_published_instrument_never_changes_and_a_new_draft_is_its_next_version()
    {
        var questions = new[]
        {
            new Question { Id = "sleep", Kind = QuestionKind.Scale, Dimension = Dimension.Physical, Theme = "sleep", Text = "I sleep well.", ScaleMin = 1, ScaleMax = 5, Required = true },
        };
        var draft = await Service.Admin.CreateInstrumentAsync(new CreateInstrumentRequest { Code = "pvi-wellbeing", Title = "Next year", Questions = { questions } });
        Assert.Equal((2, InstrumentState.Draft), (draft.Version, draft.State));

        var renamed = await Service.Admin.UpdateInstrumentAsync(new UpdateInstrumentRequest { Instrument = new Instrument { Id = draft.Id, Title = "Next year, revised" }, UpdateMask = new() { Paths = { "title" } } });
        Assert.Equal("Next year, revised", renamed.Title);
        // A wave asks a published instrument only.
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Admin.CreateWaveAsync(new CreateWaveRequest { Year = 2027, Title = "2027", InstrumentId = draft.Id }).ResponseAsync);
        await Service.Admin.PublishInstrumentAsync(new PublishInstrumentRequest { Id = draft.Id });

        var change = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Admin.UpdateInstrumentAsync(new UpdateInstrumentRequest { Instrument = new Instrument { Id = draft.Id, Title = "Changed" }, UpdateMask = new() { Paths = { "title" } } }).ResponseAsync);
        Assert.Contains("never changes", change.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Next year, revised", (await Service.Admin.GetInstrumentAsync(new GetInstrumentRequest { Id = draft.Id })).Title);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Admin.UpdateInstrumentAsync(new UpdateInstrumentRequest { Instrument = new Instrument { Id = SurveyService.InstrumentId, Title = "Changed" }, UpdateMask = new() { Paths = { "title" } } }).ResponseAsync);

        // WHO-5 by its published structure: five mental items on 0-5, or none.
        var who5 = new Question { Id = "who5-1", Kind = QuestionKind.Scale, Dimension = Dimension.Mental, Theme = "well-being", Text = "Cheerful", ScaleMin = 0, ScaleMax = 4, Who5 = true };
        var bad = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Service.Admin.CreateInstrumentAsync(new CreateInstrumentRequest { Code = "Bad Code", Title = "x", Questions = { who5, new Question { Id = "who5-1", Kind = QuestionKind.Comment, Text = "" } } }).ResponseAsync);
        Assert.Equal(["code", "questions[0].who5", "questions[1].id", "questions[1].text", "questions"], RpcAssert.Violations(bad));
    }

    [Fact]
    public async Task Opening_closing_and_publishing_are_events_with_only_what_passes_suppression()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 6), ("RT", 2), ("MN", 7));
        await AnswerAsync(tokens["AM"], 6);
        await AnswerAsync(tokens["RT"], 2);
        await AnswerAsync(tokens["MN"], 7);
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });

        var opened = (await Service.EventsAsync<WaveOpened>("survey.wave-opened")).Single();
        Assert.Equal(["AM:6", "MN:7", "RT:2"], opened.Units.Select(u => $"{u.Unit}:{u.Invited}"));
        Assert.Equal(15, (await Service.EventsAsync<WaveClosed>("survey.wave-closed")).Single().Responses);
        var published = (await Service.EventsAsync<UnitResultsPublished>("survey.unit-results-published")).ToDictionary(p => p.Unit);
        Assert.Equal(["AM", "MN", "RT"], published.Keys.Order());
        Assert.False(published["MN"].Suppressed);
        Assert.Equal(3, published["MN"].Dimensions.Count);
        // RT (2) is below the threshold, AM (6) the next-smallest sibling: neither carries a figure.
        foreach (var unit in new[] { "RT", "AM" })
        {
            Assert.True(published[unit].Suppressed);
            Assert.Empty(published[unit].Dimensions);
            Assert.False(published[unit].HasWho5IndexMean);
            Assert.Empty(published[unit].LowestThemes);
            Assert.Equal(0, published[unit].Responses);
        }
    }

    [Fact]
    public async Task A_unit_records_the_measures_of_its_plan_and_sees_them_beside_its_results()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 5));
        await AnswerAsync(tokens["AM"], 5);
        await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        var am = Service.Client(People.Management("AM"));

        var measure = await am.CreateMeasureAsync(new CreateMeasureRequest { Unit = "AM", Title = "Team sessions on moral dilemmas", Owner = "Head of basisteam Centrum", DueDate = "2027-03-31", Theme = "moral-deliberation", WaveId = wave.Id, RequestId = "m-1" });
        Assert.Equal(measure, await am.CreateMeasureAsync(new CreateMeasureRequest { Unit = "AM", Title = "Team sessions on moral dilemmas", Owner = "Head of basisteam Centrum", DueDate = "2027-03-31", Theme = "moral-deliberation", WaveId = wave.Id, RequestId = "m-1" }));
        var progressed = await am.UpdateMeasureAsync(new UpdateMeasureRequest { Measure = new Measure { Id = measure.Id, Status = MeasureStatus.InProgress, ProgressPercent = 40 }, UpdateMask = new() { Paths = { "status", "progress_percent" } } });
        Assert.Equal((MeasureStatus.InProgress, 40), (progressed.Status, progressed.ProgressPercent));

        var report = await am.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" });
        Assert.Equal(progressed, report.Measures.Single());
        Assert.False(report.Results.Suppressed);

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Management("RT")).CreateMeasureAsync(new CreateMeasureRequest { Unit = "AM", Title = "x", Owner = "y", DueDate = "2027-01-01" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Management("RT")).UpdateMeasureAsync(new UpdateMeasureRequest { Measure = new Measure { Id = measure.Id, ProgressPercent = 100 }, UpdateMask = new() { Paths = { "progress_percent" } } }).ResponseAsync);
        var bad = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => am.UpdateMeasureAsync(new UpdateMeasureRequest { Measure = new Measure { Id = measure.Id, ProgressPercent = 140, DueDate = "31-03-2027" }, UpdateMask = new() { Paths = { "progress_percent", "due_date", "unit" } } }).ResponseAsync);
        Assert.Equal(["update_mask", "measure.due_date", "measure.progress_percent"], RpcAssert.Violations(bad));
        Assert.Equal(measure.Id, (await Service.National.ListMeasuresAsync(new ListMeasuresRequest { Unit = "AM" })).Measures.Single().Id);
        // A measure answering the wave names a theme of its results.
        var theme = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => am.CreateMeasureAsync(new CreateMeasureRequest { Unit = "AM", Title = "x", Owner = "y", DueDate = "2027-01-01", Theme = "parking", WaveId = wave.Id }).ResponseAsync);
        Assert.Equal(["theme"], RpcAssert.Violations(theme));
    }

    [Fact]
    public async Task Under_concurrent_submissions_a_token_counts_once_and_every_acknowledged_response_is_in_the_closed_wave()
    {
        var (wave, tokens) = await Service.OpenWaveAsync(2026, ("AM", 60), ("RT", 20));
        var all = tokens["AM"].Concat(tokens["RT"]).ToList();
        // Every token twice, all at once, and the wave closes while they run.
        var answered = 0;
        var attempts = all.Concat(all).Select(async token =>
        {
            try
            {
                await Service.SubmitAsync(token);
                return (token, accepted: true);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.FailedPrecondition)
            {
                return (token, accepted: false);
            }
            finally
            {
                Interlocked.Increment(ref answered);
            }
        }).ToList();
        await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref answered) >= 40), TimeSpan.FromSeconds(30), () => "half of the submissions were answered");
        var closed = await Service.Admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        var outcomes = await Task.WhenAll(attempts);

        var accepted = outcomes.Where(o => o.accepted).ToList();
        Assert.Equal(accepted.Count, accepted.Select(o => o.token).Distinct().Count());
        Assert.Equal(accepted.Count, closed.Responses);
        Assert.Equal(accepted.Count, await Service.DbAsync(db => db.Responses.CountAsync()));
        Assert.Equal(0, await Service.DbAsync(db => db.PendingResponses.CountAsync()));
    }

    protected async Task AnswerAsync(IReadOnlyList<string> tokens, int count, int who5 = 3, int likert = 4, string? comment = null)
    {
        for (var i = 0; i < count; i++)
        {
            await Service.SubmitAsync(tokens[i], who5, likert, comment);
        }
    }
}

public sealed class SurveyRulesOnSqlite : SurveyRules
{
    protected override Task<SurveyService> StartServiceAsync() => SurveyService.StartAsync(ServiceUnderTest<Program>.Sqlite, null);
}

[Collection(PostgresCollection.Name)]
public sealed class SurveyRulesOnPostgres(PostgresServer postgres) : SurveyRules
{
    protected override Task<SurveyService> StartServiceAsync() => SurveyService.StartAsync(ServiceUnderTest<Program>.Postgres, postgres);
}
