using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Grpc;

public sealed partial class PhoneOverflowGrpcService
{
    public override async Task<OverflowFigures> GetOverflowFigures(GetOverflowFiguresRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var violations = new FieldViolations();
        var end = violations.Time("end_time", request.EndTime) ?? router.Now;
        var start = violations.Time("start_time", request.StartTime) ?? end.AddDays(-28);
        if (start >= end)
        {
            violations.Add("start_time", "must be before end_time");
        }

        violations.ThrowIfAny();
        return await figures.BetweenAsync(start, end, router.Now, context.CancellationToken);
    }
}
