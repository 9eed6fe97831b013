using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Pvi.Identity.Infrastructure;
using Pvi.Identity.Model;

namespace Pvi.Identity.Keys;

/// <summary>
/// The provider's RS256 signing keys and their rollover on the injected clock, without a restart:
/// a new key is published <see cref="SigningKeySettings.PublishAhead"/> before it signs, so that
/// validators have fetched it by then; it signs for <see cref="SigningKeySettings.RotationPeriod"/>;
/// the key it replaced stays published <see cref="SigningKeySettings.RetainAfter"/> longer, until
/// every token it signed has expired, and is then removed. Which key signs is decided at each token
/// (<see cref="ActiveSigningKey"/>); the published set is what discovery's key set shows.
/// </summary>
public sealed partial class SigningKeyRing(
    IDataProtectionProvider protection,
    ProviderSettings settings,
    TimeProvider time,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    ILogger<SigningKeyRing> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Pvi.Identity.SigningKeys");
    private readonly SemaphoreSlim _rotating = new(1, 1);
    private volatile IReadOnlyList<RingKey> _keys = [];

    /// <summary>Every key discovery publishes, oldest first.</summary>
    public IReadOnlyList<RingKey> Published => _keys;

    /// <summary>The key that signs now: the newest whose time has come.</summary>
    public RingKey Active
    {
        get
        {
            var now = time.GetUtcNow().UtcDateTime;
            var keys = _keys;
            return keys.LastOrDefault(key => key.ActivatesAt <= now) ?? keys.FirstOrDefault()
                ?? throw new InvalidOperationException("The signing keys are not loaded yet.");
        }
    }

    /// <summary>Adds the next key when it is due, removes what has served its time, and publishes the result.</summary>
    public async Task RotateAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        await _rotating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var keys = settings.Keys;
            var rows = await db.SigningKeys.OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                rows.Add(Create(db, now, activatesAt: now));
            }

            var newest = rows[^1];
            if (newest.ActivatesAt + keys.RotationPeriod - keys.PublishAhead <= now)
            {
                var activatesAt = new[] { newest.ActivatesAt + keys.RotationPeriod, now + keys.PublishAhead }.Max();
                rows.Add(Create(db, now, activatesAt));
            }

            // A key stopped signing when its successor activated; it goes once what it signed has expired.
            var retired = rows.Take(rows.Count - 1)
                .Where((_, i) => rows[i + 1].ActivatesAt + keys.RetainAfter!.Value <= now)
                .ToList();
            db.SigningKeys.RemoveRange(retired);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            var published = rows.Except(retired).Select(Unprotect).ToList();
            var before = _keys.Select(k => k.Id).ToList();
            _keys = published;
            if (!before.SequenceEqual(published.Select(k => k.Id)))
            {
                // Discovery's key set is built from the server options: build them anew.
                serverOptions.TryRemove(Options.DefaultName);
                LogPublished(logger, string.Join(", ", published.Select(k => $"{k.Id} (signs from {k.ActivatesAt:u})")));
            }
        }
        finally
        {
            _rotating.Release();
        }
    }

    private SigningKeyRecord Create(IdentityDbContext db, DateTime now, DateTime activatesAt)
    {
        using var rsa = RSA.Create(2048);
        var modulus = rsa.ExportParameters(includePrivateParameters: false).Modulus!;
        var record = new SigningKeyRecord
        {
            Id = Base64UrlEncoder.Encode(SHA256.HashData(modulus))[..32],
            ProtectedKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
        db.SigningKeys.Add(record);
        return record;
    }

    private RingKey Unprotect(SigningKeyRecord record)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(record.ProtectedKey)), out _);
        return new RingKey(record.Id, new RsaSecurityKey(rsa) { KeyId = record.Id }, record.ActivatesAt);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Signing keys published: {Keys}")]
    private static partial void LogPublished(ILogger logger, string keys);
}
