using FaceAspire.Api.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>What the session-check cache may and may not remember.</summary>
public sealed class ActiveSessionCacheTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Nothing_is_remembered_while_notifications_are_not_listened_to()
    {
        var cache = new ActiveSessionCache(_time);
        var session = Guid.NewGuid();

        cache.Remember(session, _time.GetUtcNow().AddHours(1), cache.Stamp());

        cache.IsKnownActive(session).ShouldBeFalse();
    }

    [Fact]
    public void A_remembered_session_is_known_until_its_tokens_expire_or_five_minutes_pass()
    {
        var cache = Listening();
        var shortLived = Guid.NewGuid();
        var longLived = Guid.NewGuid();
        cache.Remember(shortLived, _time.GetUtcNow().AddMinutes(1), cache.Stamp());
        cache.Remember(longLived, _time.GetUtcNow().AddDays(1), cache.Stamp());

        cache.IsKnownActive(shortLived).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMinutes(1));
        cache.IsKnownActive(shortLived).ShouldBeFalse();
        cache.IsKnownActive(longLived).ShouldBeTrue();
        _time.Advance(ActiveSessionCache.MaxAge);
        cache.IsKnownActive(longLived).ShouldBeFalse();
    }

    [Fact]
    public void A_notification_forgets_its_session_and_one_without_a_session_forgets_all()
    {
        var cache = Listening();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        cache.Remember(first, _time.GetUtcNow().AddHours(1), cache.Stamp());
        cache.Remember(second, _time.GetUtcNow().AddHours(1), cache.Stamp());

        cache.OnNotification(first.ToString());
        cache.IsKnownActive(first).ShouldBeFalse();
        cache.IsKnownActive(second).ShouldBeTrue();

        cache.OnNotification("all");
        cache.IsKnownActive(second).ShouldBeFalse();
    }

    [Fact]
    public void A_read_that_a_notification_overtook_is_not_remembered()
    {
        var cache = Listening();
        var session = Guid.NewGuid();
        var stamp = cache.Stamp();

        cache.OnNotification(Guid.NewGuid().ToString()); // arrives while the database read is under way
        cache.Remember(session, _time.GetUtcNow().AddHours(1), stamp);

        cache.IsKnownActive(session).ShouldBeFalse();
    }

    [Fact]
    public void Losing_the_notifications_forgets_everything_and_stops_remembering()
    {
        var cache = Listening();
        var session = Guid.NewGuid();
        cache.Remember(session, _time.GetUtcNow().AddHours(1), cache.Stamp());

        cache.OnListeningChanged(false);

        cache.IsKnownActive(session).ShouldBeFalse();
        cache.Remember(session, _time.GetUtcNow().AddHours(1), cache.Stamp());
        cache.IsKnownActive(session).ShouldBeFalse();
    }

    private ActiveSessionCache Listening()
    {
        var cache = new ActiveSessionCache(_time);
        cache.OnListeningChanged(true);
        return cache;
    }
}
