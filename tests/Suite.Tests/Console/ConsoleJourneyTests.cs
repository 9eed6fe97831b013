using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pvi.Overflow.V1;
using Pvi.TestSupport;
using Xunit.Abstractions;

namespace Pvi.Suite.Tests.Console;

/// <summary>
/// The console's journeys as the people do them in the browser (headless Chromium, a browser
/// context per person), against the local run started as the README says: sign-in at the suite's
/// provider (authorization code with PKCE), the pages, the gateway, the services. axe-core checks
/// every page in each state a journey reaches (WCAG 2.1 A and AA, zero violations), and the main
/// pages are photographed for the README.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed partial class ConsoleJourneyTests(ConsoleFixture console, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private const string BasicTeam = "Sanne de Vries";
    private const string NdvMember = "Youssef El Amrani";
    private const string RozeInBlauw = "Robin Jansen";
    private const string Operator = "Lotte Visser";
    private const string NdvCoordinator = "Fatma Yilmaz";
    private const string OverflowCoordinator = "Mark de Boer";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_basic_team_asks_for_expertise_the_member_accepts_and_the_team_sees_the_card_without_a_reload()
    {
        var (team, teamPage) = await console.Browser.SignInAsync(BasicTeam, "/expertise");
        await using var teamContext = team;
        await ConsoleBrowser.AssertAccessibleAsync(teamPage, "the empty request form");
        await ConsoleBrowser.ScreenshotAsync(teamPage, "expertise-ask");

        await teamPage.GetByLabel("Marokkaanse cultuur").CheckAsync();
        await teamPage.GetByLabel("Rouw- en begrafenisrituelen").CheckAsync();
        await teamPage.GetByLabel("Arabisch", new() { Exact = true }).CheckAsync();
        await teamPage.GetByLabel("Verwachte uren").FillAsync("3");
        await teamPage.GetByLabel("Beschrijving").FillAsync("Een familie vraagt hoe een begrafenis in hun traditie verloopt.");
        await teamPage.GetByRole(AriaRole.Button, new() { Name = "Vraag versturen" }).ClickAsync();

        var request = teamPage.Locator("#request-heading");
        await Expect(request, "the request is shown after it was sent");
        await Expect(teamPage.GetByRole(AriaRole.Status).Filter(new() { HasText = "Uw vraag is verstuurd." }), "sending is announced");
        await ConsoleBrowser.AssertAccessibleAsync(teamPage, "the request sent, offered");

        // The member, in a browser of their own, sees the offer and accepts it.
        var (member, memberPage) = await console.Browser.SignInAsync(NdvMember, "/ndv/aanbiedingen");
        await using var memberContext = member;
        var accept = memberPage.GetByRole(AriaRole.Button, new() { Name = "Aannemen" }).First;
        await Expect(accept, "the offer is on the member's page");
        await ConsoleBrowser.AssertAccessibleAsync(memberPage, "an offer to answer");
        await ConsoleBrowser.ScreenshotAsync(memberPage, "ndv-offers");
        await accept.ClickAsync();
        await Expect(memberPage.GetByRole(AriaRole.Button, new() { Name = "Afronden met deze uren" }), "the accepted offer waits for its hours");
        await ConsoleBrowser.AssertAccessibleAsync(memberPage, "an accepted offer");

        // The team's open page shows who helps, within the refresh of the list, without a reload.
        var card = teamPage.Locator("#matched-member-name");
        await Expect(card, "the matched member's card on the team's page", TimeSpan.FromSeconds(15));
        Assert.Equal(NdvMember, (await card.InnerTextAsync()).Trim());
        var facts = await teamPage.Locator(".mud-card .facts").InnerTextAsync();
        Assert.Contains("Amsterdam", facts, StringComparison.Ordinal);
        Assert.Contains("youssef.elamrani@example.politie.nl", facts, StringComparison.Ordinal);
        Assert.Contains("Marokkaanse cultuur", facts, StringComparison.Ordinal);
        // Nothing more of the profile than name, unit, contact and what matched.
        Assert.DoesNotContain("Islam", facts, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Berbers", facts, StringComparison.OrdinalIgnoreCase);
        await ConsoleBrowser.AssertAccessibleAsync(teamPage, "the request matched, with the member's card");
        await ConsoleBrowser.ScreenshotAsync(teamPage, "expertise-matched");
    }

    [Fact]
    public async Task A_forwarded_call_shows_on_the_operators_open_page_within_two_seconds_and_no_call_is_lost_or_shown_twice_after_a_break()
    {
        var (context, page) = await console.Browser.SignInAsync(Operator, "/rsc");
        await using var _ = context;
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden bij het RSC" });
        await Expect(signIn, "the operator is signed out at the RSC");
        await ConsoleBrowser.TabToAndPressAsync(page, signIn);
        await Expect(page.GetByText("U bent aangemeld en neemt gesprekken aan."), "the operator is signed in");
        await Expect(page.GetByText("Live verbonden."), "the list of forwarded calls is live");

        var telephony = await console.TokenOfAsync("demo-telephony");
        using var platform = Channels.Grpc(LocalSuite.GatewayGrpc, telephony);
        var line = new PhoneOverflowService.PhoneOverflowServiceClient(platform);
        var first = "console-" + Guid.NewGuid().ToString("N")[..12];
        var routed = Stopwatch.StartNew();
        var decision = await line.RouteCallAsync(new RouteCallRequest { CallId = first, CallerRegion = "RT", CallerNumber = "+31101234567" });
        Assert.Equal("demo-rsc-operator", decision.TargetId);
        await Expect(Row(page, first), "the forwarded call on the operator's open page", TimeSpan.FromSeconds(2));
        output.WriteLine($"RouteCall to visible: {routed.ElapsedMilliseconds} ms");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nieuw gesprek doorgeschakeld uit Rotterdam" }), "the new call is announced");
        await ConsoleBrowser.AssertAccessibleAsync(page, "a call ringing at the operator");

        // The operator answers on the phone; the platform reports it; the page offers the outcome.
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = first, Kind = CallEventKind.Answered });
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = first, Kind = CallEventKind.Completed });
        var outcome = page.GetByLabel(new Regex("^Uitkomst van het gesprek"));
        await Expect(outcome, "the outcome can be recorded for the call the operator answered", TimeSpan.FromSeconds(15));
        Assert.Contains("+31101234567", await Row(page, first).InnerTextAsync(), StringComparison.Ordinal);
        await outcome.SelectOptionAsync(new SelectOptionValue { Label = "Doorverwezen naar een antidiscriminatievoorziening" });
        await Row(page, first).GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(Row(page, first).GetByText("Doorverwezen naar een antidiscriminatievoorziening"), "the recorded outcome");
        Assert.Equal(CallOutcome.ReferredToAdv, (await line.GetCallAsync(new GetCallRequest { CallId = first })).Outcome);
        await ConsoleBrowser.AssertAccessibleAsync(page, "a call with its outcome");
        await ConsoleBrowser.ScreenshotAsync(page, "rsc-live");

        // The browser loses its connection during two calls, and comes back.
        await context.SetOfflineAsync(true);
        var whileOffline = new[] { await EndedCallAsync(line, "RT"), await EndedCallAsync(line, "RT") };
        await context.SetOfflineAsync(false);
        foreach (var call in whileOffline)
        {
            await Expect(Row(page, call), "a call forwarded while the browser was offline", TimeSpan.FromSeconds(30));
        }

        // The gateway is killed and started again; the page's stream resumes after the last call it had.
        var gateway = RunningService.Find("Gateway", 5001);
        await gateway.KillAsync();
        using var direct = Channels.Grpc(new Uri("http://localhost:5202"), telephony);
        var lineDirect = new PhoneOverflowService.PhoneOverflowServiceClient(direct);
        var whileGatewayDown = new[] { await EndedCallAsync(lineDirect, "RT"), await EndedCallAsync(lineDirect, "RT") };
        var restarted = console.Suite.Adopt(gateway.StartAgain());
        await restarted.WaitUntilOkAsync(new Uri(LocalSuite.GatewayHttp, "/health/ready"), TimeSpan.FromSeconds(60));
        foreach (var call in whileGatewayDown)
        {
            await Expect(Row(page, call), "a call forwarded while the gateway was down", TimeSpan.FromSeconds(30));
        }

        foreach (var call in (string[])[first, .. whileOffline, .. whileGatewayDown])
        {
            Assert.Equal(1, await Row(page, call).CountAsync());
        }

        await ConsoleBrowser.AssertAccessibleAsync(page, "the list after the breaks");
        await ConsoleBrowser.TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Afmelden bij het RSC" }));
        await Expect(page.GetByText("U bent afgemeld en krijgt geen gesprekken."), "the operator is signed out at the RSC");
    }

    [Fact]
    public async Task A_Roze_in_Blauw_member_goes_on_duty_by_keyboard_and_the_next_call_rings_them()
    {
        var (context, page) = await console.Browser.SignInAsync(RozeInBlauw, "/roze-in-blauw");
        await using var _ = context;
        var onDuty = page.GetByRole(AriaRole.Button, new() { Name = "In dienst gaan" });
        await Expect(onDuty, "the member is off duty");
        await ConsoleBrowser.AssertAccessibleAsync(page, "off duty");
        await ConsoleBrowser.TabToAndPressAsync(page, onDuty);
        await Expect(page.GetByText("U bent in dienst."), "the member is on duty");

        using var platform = Channels.Grpc(LocalSuite.GatewayGrpc, await console.TokenOfAsync("demo-telephony"));
        var line = new PhoneOverflowService.PhoneOverflowServiceClient(platform);
        var call = "console-" + Guid.NewGuid().ToString("N")[..12];
        var decision = await line.RouteCallAsync(new RouteCallRequest { CallId = call, CallerRegion = "AM", CallerNumber = "+31201234567" });
        Assert.Equal(TargetKind.Member, decision.TargetKind);
        Assert.Equal("ndv-0002", decision.TargetId);
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = call, Kind = CallEventKind.Answered });
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = call, Kind = CallEventKind.Completed });

        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "U", Exact = true }), "the call the member answered is in their list", TimeSpan.FromSeconds(15));
        await ConsoleBrowser.AssertAccessibleAsync(page, "on duty, with a call");
        await ConsoleBrowser.ScreenshotAsync(page, "roze-in-blauw");
        await ConsoleBrowser.TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Uit dienst gaan" }));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "In dienst gaan" }), "the member is off duty again");
    }

    [Fact]
    public async Task Every_field_violation_of_a_bad_request_shows_at_its_field_and_is_announced()
    {
        var (context, page) = await console.Browser.SignInAsync(BasicTeam, "/expertise");
        await using var _ = context;
        // No expertise chosen and no description (the hours field keeps itself within its bounds).
        await page.GetByRole(AriaRole.Button, new() { Name = "Vraag versturen" }).ClickAsync();

        var announcement = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "De vraag is niet verstuurd" });
        await Expect(announcement, "the violations are announced");
        var expertise = page.Locator("#needed-expertise-error");
        await Expect(expertise, "the expertise violation next to the expertise choices");
        Assert.Contains("kies er minstens één", await expertise.InnerTextAsync(), StringComparison.Ordinal);
        // A text field carries its violation as its helper text, tied to the field.
        foreach (var field in new[] { "Beschrijving" })
        {
            var input = page.GetByLabel(field);
            Assert.Equal("true", await input.GetAttributeAsync("aria-invalid"));
            var describedBy = await input.GetAttributeAsync("aria-describedby") ?? string.Empty;
            var help = string.Join(" ", await Task.WhenAll(describedBy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => page.Locator($"[id='{id}']").InnerTextAsync())));
            Assert.False(string.IsNullOrWhiteSpace(help), $"{field} is described by its violation");
        }

        var count = Regex.Match(await announcement.InnerTextAsync(), @"(\d+) veld").Groups[1].Value;
        Assert.Equal("2", count);
        await ConsoleBrowser.AssertAccessibleAsync(page, "the request form with its violations");
        await ConsoleBrowser.ScreenshotAsync(page, "expertise-violations");
    }

    [Fact]
    public async Task A_basic_team_opening_an_NDV_coordinator_page_gets_no_access_and_sees_nothing_of_it()
    {
        var (context, page) = await console.Browser.SignInAsync(BasicTeam, "/ndv/leden");
        await using var _ = context;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang", Level = 1 }), "no access");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("ndv-00", text, StringComparison.Ordinal);
        Assert.DoesNotContain(NdvMember, text, StringComparison.Ordinal);
        // The menu offers only what the roles allow.
        var menu = await page.Locator("#navigation").InnerTextAsync();
        Assert.Contains("Expertise vragen", menu, StringComparison.Ordinal);
        Assert.DoesNotContain("Leden", menu, StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page, "no access");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_in_the_console_and_at_the_provider()
    {
        var (context, page) = await console.Browser.SignInAsync(BasicTeam, "/");
        await using var _ = context;
        Assert.Contains(BasicTeam, await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        var cookies = await context.CookiesAsync();
        Assert.All(cookies.Where(c => c.Name.StartsWith("pvi-console", StringComparison.Ordinal)), c => Assert.True(c.HttpOnly, $"{c.Name} is HttpOnly"));
        Assert.DoesNotContain(cookies, c => c.Value.StartsWith("eyJ", StringComparison.Ordinal));
        await ConsoleBrowser.AssertAccessibleAsync(page, "the start page");
        await ConsoleBrowser.ScreenshotAsync(page, "home");

        await ConsoleBrowser.TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }));
        await page.WaitForURLAsync(new Regex("/account/signed-out$"), new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "U bent afgemeld" }), "the signed-out page");
        await ConsoleBrowser.AssertAccessibleAsync(page, "signed out");

        // A page of the console now goes to the provider's sign-in again: its session ended too.
        await page.GotoAsync(new Uri(ConsoleBrowser.Console, "/expertise").ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Aanmelden als {BasicTeam}" }), "the provider asks to sign in");
        await ConsoleBrowser.AssertAccessibleAsync(page, "the provider's sign-in page");
        await ConsoleBrowser.ScreenshotAsync(page, "sign-in");
    }

    [Fact]
    public async Task An_ended_session_sends_the_person_to_sign_in_again_without_losing_the_half_filled_form()
    {
        var (context, page) = await console.Browser.SignInAsync(BasicTeam, "/expertise");
        await using var _ = context;
        await page.GetByLabel("Marokkaanse cultuur").CheckAsync();
        await page.GetByLabel("Beschrijving").FillAsync("Half ingevuld: de rest volgt.");
        await page.GetByLabel("Verwachte uren").FocusAsync();

        // The session ends elsewhere (sign-out in another tab of the same browser).
        var other = await context.NewPageAsync();
        await other.GotoAsync(ConsoleBrowser.Console.ToString());
        await ConsoleBrowser.InteractiveAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await other.WaitForURLAsync(new Regex("/account/signed-out$"), new() { Timeout = 30_000 });
        await other.CloseAsync();

        // Sending now cannot work: the page says so and offers to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Vraag versturen" }).ClickAsync();
        var again = page.GetByRole(AriaRole.Button, new() { Name = "Opnieuw aanmelden" }).First;
        await Expect(again, "the ended session is said, with a way to sign in again");
        await ConsoleBrowser.AssertAccessibleAsync(page, "the session ended");
        await again.ClickAsync();
        await ConsoleBrowser.SignInOnProviderPageAsync(page, BasicTeam);

        Assert.EndsWith("/expertise", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Beschrijving"), "the form again");
        await Eventually.UntilAsync(
            async () => await page.GetByLabel("Beschrijving").InputValueAsync() == "Half ingevuld: de rest volgt.",
            Bound,
            () => "the description typed before the session ended is there again");
        Assert.True(await page.GetByLabel("Marokkaanse cultuur").IsCheckedAsync(), "the expertise chosen before the session ended is chosen again");
    }

    [Fact]
    public async Task The_coordinators_pages_show_the_demo_history_and_pass_axe()
    {
        var (ndv, ndvPage) = await console.Browser.SignInAsync(NdvCoordinator, "/ndv/aanvragen");
        await using var ndvContext = ndv;
        await VisitEachAsync(ndvPage, ("/ndv/aanvragen", "ndv-requests"), ("/ndv/leden", "ndv-members"), ("/ndv/budget", "ndv-budget"), ("/ndv/cijfers", "ndv-figures"));

        // The requests of the past periods, with the ranked proposals and the audit trail of one.
        await OpenAsync(ndvPage, "/ndv/aanvragen");
        var show = ndvPage.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Toon de aanvraag") }).First;
        await Expect(show, "the unit's requests");
        await ConsoleBrowser.TabToAndPressAsync(ndvPage, show);
        await Expect(ndvPage.Locator("#detail-heading"), "the request's detail");
        await ConsoleBrowser.AssertAccessibleAsync(ndvPage, "a request with its proposals and audit trail");

        var (overflow, overflowPage) = await console.Browser.SignInAsync(OverflowCoordinator, "/overflow/capaciteit");
        await using var overflowContext = overflow;
        await VisitEachAsync(overflowPage, ("/overflow/capaciteit", "overflow-capacity"), ("/overflow/rscs", "overflow-rscs"), ("/overflow/operators", "overflow-operators"), ("/overflow/rooster", "overflow-roster"));

        // Four weeks of calls in the heat map: more than a handful of hours have calls.
        await OpenAsync(overflowPage, "/overflow/capaciteit");
        await Expect(overflowPage.Locator(".heatmap"), "the heat map");
        var busyHours = await overflowPage.Locator(".heatmap td:not(.heat-0)").CountAsync();
        Assert.True(busyHours > 50, $"the demo history fills the heat map ({busyHours} hours with calls)");
    }

    /// <summary>Each page in turn, as it is once its data has come: axe on it, and its screenshot.</summary>
    private static async Task VisitEachAsync(IPage page, params (string Path, string Screenshot)[] pages)
    {
        foreach (var (path, screenshot) in pages)
        {
            await OpenAsync(page, path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await ConsoleBrowser.AssertAccessibleAsync(page, path);
            await ConsoleBrowser.ScreenshotAsync(page, screenshot);
        }
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(ConsoleBrowser.Console, path).ToString());
        await ConsoleBrowser.InteractiveAsync(page);
    }

    private static ILocator Row(IPage page, string callId) => page.Locator($"tr[data-call-id='{callId}']");

    /// <summary>A call the platform routes to the line and that ends (answered and completed) at once.</summary>
    private static async Task<string> EndedCallAsync(PhoneOverflowService.PhoneOverflowServiceClient line, string region)
    {
        var id = "console-" + Guid.NewGuid().ToString("N")[..12];
        await line.RouteCallAsync(new RouteCallRequest { CallId = id, CallerRegion = region, CallerNumber = "+31107654321" });
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = CallEventKind.Answered });
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = CallEventKind.Completed });
        return id;
    }

    /// <summary>Waits, within a bound, until the element is visible.</summary>
    private static async Task Expect(ILocator locator, string what, TimeSpan? within = null)
    {
        try
        {
            await locator.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = (float)(within ?? Bound).TotalMilliseconds });
        }
        catch (TimeoutException ex)
        {
            var shot = await ConsoleBrowser.FailureScreenshotAsync(locator.Page, what);
            var text = await locator.Page.Locator("body").InnerTextAsync();
            throw new Xunit.Sdk.XunitException(
                $"{what}: not visible within {(within ?? Bound).TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({ex.Message})\nat {locator.Page.Url}, screenshot {shot}, the page says:\n{text}");
        }
    }
}
