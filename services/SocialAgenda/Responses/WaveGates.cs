using Pvi.ServiceData;

namespace Pvi.SocialAgenda.Responses;

/// <summary>
/// One writer per wave inside this process, waited for asynchronously: submissions of a wave queue
/// here instead of in the database (where SQLite's busy wait would hold a thread each). Replicas of
/// the service still meet at the wave's row lock.
/// </summary>
public sealed class WaveGates : KeyedGates;
