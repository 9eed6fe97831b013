using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

public sealed partial class NdvMatchingGrpcService
{
    public override async Task<GetFiguresResponse> GetFigures(GetFiguresRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);

        var violations = new FieldViolations();
        NdvValidation.Unit(violations, "unit", request.Unit, vocabulary, required: false);
        var at = violations.Time("period_time", request.PeriodTime) ?? Now;
        violations.ThrowIfAny();
        caller.Demand(string.IsNullOrEmpty(request.Unit) || caller.Coordinates(request.Unit));

        var units = caller.IsNational
            ? string.IsNullOrEmpty(request.Unit) ? vocabulary.Units.Keys.Order(StringComparer.Ordinal).ToList() : [request.Unit]
            : [caller.Unit ?? string.Empty];
        return await figures.OfUnitsAsync(units, at, context.CancellationToken);
    }
}
