using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Pvi.ServiceData;

/// <summary>
/// A query of a hot path compiled once (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, CancellationToken, TResult}})"/>),
/// so that a call runs it without translating, hashing and comparing its expression tree. A compiled
/// query holds to the model it first ran with; this keeps one per model (a service's SQLite and
/// PostgreSQL contexts have a model each, and tests run both in one process).
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    /// <summary>The query compiled for the model of <paramref name="db"/>.</summary>
    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
