using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Tests;

/// <summary>
/// services/ComplaintPilot/README.md, the pilot: an NDV network representative is requested from the real NDV
/// matching service (a process on real sockets) and recorded on the case when a member accepts
/// (the NDV service's event, delivered the Dapr way). The NDV service may be down at registration,
/// the acceptance may arrive before the complaint service has saved the NDV request's id, and the
/// complaint may change while the request is under way: the representative is recorded, once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NdvRepresentativeTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly (int Http, int Grpc) _ndvPorts = (FreePort.Next(), FreePort.Next());
    private readonly List<global::Grpc.Net.Client.GrpcChannel> _channels = [];
    private ComplaintService _complaints = null!;
    private ServiceProcess? _ndv;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        if (_ndv is not null)
        {
            await _ndv.DisposeAsync();
        }

        if (_complaints is not null)
        {
            await _complaints.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_pilot_case_gets_an_NDV_representative_once_also_when_the_NDV_service_was_down_at_registration()
    {
        await StartComplaintsAsync();
        var handler = _complaints.Client(People.Handler());
        var complaint = await handler.RegisterComplaintAsync(PilotComplaint());

        // The NDV service is down: the request waits, the complaint is registered all the same.
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());
        Assert.True(await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaint.Id).Select(c => c.NdvRequestPending).SingleAsync()));

        await StartNdvAsync();
        Assert.Equal(1, await _complaints.RequestRepresentativesAsync());
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());
        var ndvRequestId = await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaint.Id).Select(c => c.NdvRequestId).SingleAsync());

        var requests = (await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests;
        Assert.Equal(ndvRequestId, Assert.Single(requests).Id);
        Assert.Equal(["ethnic-profiling-experience"], requests[0].NeededExpertise);

        var offer = await AcceptPendingOfferAsync();
        await RepresentativeRecordedAsync(complaint.Id, offer.MemberId);
        var history = (await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).History.Select(h => h.Kind);
        Assert.Equal(["registered", "ndv-requested", "ndv-representative"], history);
    }

    [Fact]
    public async Task An_acceptance_that_arrives_before_the_complaint_service_saved_the_NDV_request_id_records_the_representative_once()
    {
        // ARCHITECTURE.md, events: a handler never acknowledges away an event it could place later.
        // Between the NDV service's answer and the complaint service's save of the request id, the
        // member accepts and the acceptance is delivered and handled: the order of a busy machine.
        Model.Complaint? placedBeforeSave = null;
        string? complaintId = null;
        await StartComplaintsAsync(BetweenNdvAnswerAndSave(async () =>
        {
            var offer = await AcceptPendingOfferAsync();
            await RepresentativeRecordedAsync(complaintId!, offer.MemberId);
            placedBeforeSave = await _complaints.DbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.Id == complaintId));
        }));
        await StartNdvAsync();
        var handler = _complaints.Client(People.Handler());
        complaintId = (await handler.RegisterComplaintAsync(PilotComplaint())).Id;

        // The save finds the request recorded by the acceptance already: nothing more to record.
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());

        Assert.NotNull(placedBeforeSave);
        var ndvRequest = Assert.Single((await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests);
        var complaint = await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaintId });
        Assert.Equal(placedBeforeSave!.NdvRepresentative, complaint.NdvRepresentative);
        var accepted = Assert.Single((await National.ListOffersAsync(new ListOffersRequest { RequestId = ndvRequest.Id, Status = OfferStatus.Accepted })).Offers);
        Assert.Equal(accepted.MemberId, complaint.NdvRepresentative);
        Assert.Equal(ndvRequest.Id, await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaintId).Select(c => c.NdvRequestId).SingleAsync()));
        Assert.Equal(["registered", "ndv-requested", "ndv-representative"], complaint.History.Select(h => h.Kind));
    }

    [Fact]
    public async Task A_complaint_changed_while_its_representative_is_requested_keeps_the_change_and_gets_the_representative_once()
    {
        // The reproduction: lessons learned recorded while the request is under way, and
        // another change just before the save, so that the save loses the race and is done again.
        // On PostgreSQL, where two units of work of one process run at once; on SQLite they take
        // turns on the database's writer, so nothing can come between one's read and its save.
        var raceBeforeSave = new ConcurrentChangeBeforeSave();
        string? complaintId = null;
        await StartComplaintsAsync(ServiceUnderTest<Program>.Postgres, services =>
        {
            BetweenNdvAnswerAndSave(async () =>
            {
                await _complaints.Client(People.Handler()).RecordLessonsLearnedAsync(new RecordLessonsLearnedRequest { Id = complaintId, Lessons = "Ask about the experience first." });
                raceBeforeSave.Arm(complaintId!);
            })(services);
            services.AddSingleton<IInterceptor>(provider => raceBeforeSave.On(provider));
        });
        await StartNdvAsync();
        var handler = _complaints.Client(People.Handler());
        complaintId = (await handler.RegisterComplaintAsync(PilotComplaint())).Id;

        Assert.Equal(1, await _complaints.RequestRepresentativesAsync());
        Assert.True(raceBeforeSave.Happened);
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());

        var offer = await AcceptPendingOfferAsync();
        await RepresentativeRecordedAsync(complaintId, offer.MemberId);
        var complaint = await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaintId });
        Assert.Equal(ConcurrentChangeBeforeSave.Lessons, complaint.LessonsLearned);
        Assert.Equal(offer.MemberId, complaint.NdvRepresentative);
        Assert.Equal(["registered", "lessons-learned", "lessons-learned", "ndv-requested", "ndv-representative"], complaint.History.Select(h => h.Kind));
        Assert.Single((await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests);
    }

    private NdvMatchingService.NdvMatchingServiceClient National => NdvClient(new SuiteUser { Id = "national", Name = "national", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" });

    private static RegisterComplaintRequest PilotComplaint() => new()
    {
        Unit = "AM",
        ReceiveDate = "2026-05-12",
        Channel = Channel.Written,
        Complainant = new Complainant { Name = "Samira Bakker" },
        ConductDate = "2026-05-01",
        ConductDescription = "Stopped without a reason given.",
        Category = "ethnic-profiling",
        Officers = { new InvolvedOfficer { OfficerId = "officer-7", Team = "AM-CEN" } },
    };

    private Task StartComplaintsAsync(Action<IServiceCollection>? services = null) => StartComplaintsAsync(ServiceUnderTest<Program>.Sqlite, services);

    private async Task StartComplaintsAsync(string provider, Action<IServiceCollection>? services = null) =>
        _complaints = await ComplaintService.StartAsync(provider, postgres, new Uri($"http://127.0.0.1:{_ndvPorts.Grpc}"), services: services);

    private async Task StartNdvAsync()
    {
        var ndvHttp = $"http://127.0.0.1:{_ndvPorts.Http}";
        _ndv = ServiceProcess.StartService("NdvMatching", _ndvPorts.Http, _ndvPorts.Grpc, new Dictionary<string, string>
        {
            ["Database__DataFolder"] = Directory.CreateTempSubdirectory("pvi-ndv-").FullName,
            ["Events__Subscribers__ndv-matching"] = ndvHttp,
            ["Events__Subscribers__phone-overflow"] = ndvHttp,
            ["Events__Subscribers__social-agenda"] = ndvHttp,
            ["Events__Subscribers__complaint-pilot"] = _complaints.Http.ToString(),
        });
        await _ndv.WaitUntilOkAsync(new Uri($"{ndvHttp}/health/ready"), TimeSpan.FromSeconds(60));
    }

    private NdvMatchingService.NdvMatchingServiceClient NdvClient(SuiteUser user)
    {
        var channel = Channels.Grpc(new Uri($"http://127.0.0.1:{_ndvPorts.Grpc}"), TestTokens.For(user));
        _channels.Add(channel);
        return new NdvMatchingService.NdvMatchingServiceClient(channel);
    }

    /// <summary>The member the one pending offer went to accepts it.</summary>
    private async Task<Ndv.V1.Offer> AcceptPendingOfferAsync()
    {
        var request = Assert.Single((await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests);
        var offer = Assert.Single((await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id, Status = OfferStatus.Pending })).Offers);
        var member = NdvClient(new SuiteUser { Id = "member", Name = "member", Roles = [Roles.NdvMember], NdvMember = offer.MemberId, Unit = "AM" });
        await member.AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });
        return offer;
    }

    private Task RepresentativeRecordedAsync(string complaintId, string memberId) =>
        Eventually.UntilAsync(
            async () => await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaintId).Select(c => c.NdvRepresentative).SingleAsync()) == memberId,
            TimeSpan.FromSeconds(60), () => $"{memberId} recorded on the complaint by the acceptance event:\n{_ndv?.Output}");

    /// <summary>Runs <paramref name="between"/> once, after the NDV service answered the request for a representative and before the complaint service saves the answer.</summary>
    private static Action<IServiceCollection> BetweenNdvAnswerAndSave(Func<Task> between)
    {
        var once = new OnceGate();
        return services => services.ConfigureAll<HttpClientFactoryOptions>(options => options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            if (builder.Name?.Contains(nameof(NdvMatchingService.NdvMatchingServiceClient), StringComparison.Ordinal) == true)
            {
                builder.AdditionalHandlers.Add(new AfterNdvAnswered(once, between));
            }
        }));
    }

    private sealed class OnceGate
    {
        private int _taken;

        public bool Take() => Interlocked.Exchange(ref _taken, 1) == 0;
    }

    private sealed class AfterNdvAnswered(OnceGate once, Func<Task> between) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A unary gRPC answer's headers come after the NDV service's handler committed.
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/CreateExpertiseRequest", StringComparison.Ordinal) && once.Take())
            {
                await between();
            }

            return response;
        }
    }

    /// <summary>
    /// When armed, makes one change to the complaint from another unit of work just before the
    /// complaint service saves the NDV request id, so that the save finds the row changed.
    /// </summary>
    private sealed class ConcurrentChangeBeforeSave
    {
        public const string Lessons = "Ask about the experience first; never demand proof.";

        private string? _complaintId;
        private int _happened;

        public bool Happened => Volatile.Read(ref _happened) == 1;

        public void Arm(string complaintId) => Volatile.Write(ref _complaintId, complaintId);

        public IInterceptor On(IServiceProvider services) => new Interceptor(this, services);

        private sealed class Interceptor(ConcurrentChangeBeforeSave race, IServiceProvider services) : SaveChangesInterceptor
        {
            public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
                DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                var id = Volatile.Read(ref race._complaintId);
                var saving = eventData.Context!.ChangeTracker.Entries<Model.Complaint>()
                    .Any(e => e.Entity.Id == id && e.State == EntityState.Modified && e.Property(c => c.NdvRequestId).IsModified);
                if (saving && Interlocked.Exchange(ref race._happened, 1) == 0)
                {
                    await using var scope = services.CreateAsyncScope();
                    var other = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
                    var complaint = await other.Complaints.SingleAsync(c => c.Id == id, cancellationToken);
                    complaint.LessonsLearned = Lessons;
                    complaint.Version++;
                    other.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, Kind = "lessons-learned", Actor = "handler-2" });
                    await other.SaveChangesAsync(cancellationToken);
                }

                return result;
            }
        }
    }
}
