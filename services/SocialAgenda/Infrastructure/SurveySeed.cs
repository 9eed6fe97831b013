using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.SocialAgenda.Model;
using Pvi.SocialAgenda.Results;

namespace Pvi.SocialAgenda.Infrastructure;

/// <summary>
/// The instrument of seeds/survey/instrument.json (published, loaded once), and with
/// <c>Survey:SeedDemoWaves</c> the closed demo waves of seeds/survey/demo-waves.json with
/// synthetic responses drawn from a fixed seed, closed through the same path as a real wave.
/// </summary>
public sealed class SurveySeed(SurveyOptions options, WaveClosing closing, TimeProvider time) : ISeedData<SurveyDbContext>
{
    public async Task SeedAsync(SurveyDbContext db, CancellationToken cancellationToken)
    {
        var seed = await SeedFiles.ReadAsync<InstrumentSeed>("survey/instrument.json", cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (!await db.Instruments.AnyAsync(i => i.Id == seed.Id, cancellationToken))
        {
            db.Instruments.Add(new Instrument
            {
                Id = seed.Id,
                Code = seed.Code,
                Version = 1,
                Title = seed.Title,
                State = InstrumentState.Published,
                Questions = seed.Questions,
                CreatedBy = "seed",
                CreatedAt = now,
                PublishedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!options.SeedDemoWaves || await db.Waves.AnyAsync(cancellationToken))
        {
            return;
        }

        var scoring = new InstrumentScoring(seed.Questions);
        foreach (var demo in (await SeedFiles.ReadAsync<List<DemoWave>>("survey/demo-waves.json", cancellationToken)).OrderBy(w => w.Year))
        {
            var random = new Random(demo.Seed);
            var wave = new Wave
            {
                Id = Guid.CreateVersion7(now).ToString(),
                Year = demo.Year,
                Title = demo.Title,
                InstrumentId = seed.Id,
                State = WaveState.Open,
                CreatedBy = "seed",
                CreatedAt = now,
                OpenedAt = now,
            };
            db.Waves.Add(wave);
            foreach (var unit in demo.Units)
            {
                db.WaveUnits.Add(new WaveUnit { WaveId = wave.Id, Unit = unit.Unit, Invited = unit.Invited });
                for (var r = 0; r < unit.Responses; r++)
                {
                    db.Responses.Add(new SurveyResponse
                    {
                        Id = Guid.NewGuid().ToString(),
                        WaveId = wave.Id,
                        Unit = unit.Unit,
                        Day = new DateOnly(demo.Year, 10, 1),
                        Answers = InstrumentScoring.Encode(Synthetic(scoring, unit, random)),
                    });
                    if (demo.Comments.Count > 0 && random.NextDouble() < 0.3)
                    {
                        db.Comments.Add(new SurveyComment
                        {
                            Id = Guid.NewGuid().ToString(),
                            WaveId = wave.Id,
                            Unit = unit.Unit,
                            QuestionId = "comment-improve",
                            Text = demo.Comments[random.Next(demo.Comments.Count)],
                        });
                    }
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await closing.CloseAsync(wave, cancellationToken);
        }
    }

    /// <summary>Answers that lean to the unit's level of each dimension, with some spread.</summary>
    private static int?[] Synthetic(InstrumentScoring scoring, DemoUnit unit, Random random) =>
        scoring.Questions.Select(q =>
        {
            if (q.Kind != QuestionKind.Scale)
            {
                return (int?)null;
            }

            var level = q.Dimension switch { Dimension.Physical => unit.Physical, Dimension.Mental => unit.Mental, _ => unit.Moral };
            var noise = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 0.35;
            var position = Math.Clamp(level + noise, 0, 1);
            var value = q.ScaleMin + (int)Math.Round((q.Reversed ? 1 - position : position) * (q.ScaleMax - q.ScaleMin));
            return value;
        }).ToArray();

    private sealed record InstrumentSeed(string Id, string Code, string Title, List<QuestionDefinition> Questions);

    private sealed record DemoWave(int Year, string Title, int Seed, List<DemoUnit> Units)
    {
        public List<string> Comments { get; init; } = [];
    }

    private sealed record DemoUnit(string Unit, int Invited, int Responses, double Physical, double Mental, double Moral);
}
