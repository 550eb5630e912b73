using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>
/// An API whose sign-in throttle trips after three failures per client address, reached through a proxy. TestServer
/// has no socket, so each request states the address its connection would come from in <see cref="PeerHeader"/>
/// (default: loopback, where the web front end's proxy connects from).
/// </summary>
public class ProxiedApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public const string PeerHeader = "X-Test-Peer-Address";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:SignInThrottle:PerClientLimit"] = "3";
        return settings;
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddTransient<IStartupFilter, PeerAddressStartupFilter>();
    }

    private sealed class PeerAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(PeerHeader, out var peer)
                    ? IPAddress.Parse(peer.ToString())
                    : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ClientAddressTests(ProxiedApiFactory factory) : ApiTest<ProxiedApiFactory>(factory), IClassFixture<ProxiedApiFactory>
{
    [Fact]
    public async Task Clients_behind_the_web_proxy_are_throttled_by_their_own_address_not_the_proxys()
    {
        var user = await SignUpAsync();
        var attacker = Client(forwardedFor: "203.0.113.7");
        for (var i = 0; i < 3; i++)
        {
            (await attacker.PostAsJsonAsync("/api/auth/login", new { email = $"guess{i}@example.test", password = "wrong guess" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await attacker.PostAsJsonAsync("/api/auth/login", new { email = "guess9@example.test", password = "wrong guess" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Another client through the same proxy still signs in.
        var neighbour = Client(forwardedFor: "203.0.113.8");
        (await neighbour.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_forwarded_address_from_an_untrusted_peer_is_ignored()
    {
        var user = await SignUpAsync();
        for (var i = 0; i < 3; i++)
        {
            // A client on the internet rotating a forged X-Forwarded-For header does not escape its own counter.
            var forger = Client(forwardedFor: $"192.0.2.{i + 1}", peer: "198.51.100.20");
            (await forger.PostAsJsonAsync("/api/auth/login", new { email = $"forged{i}@example.test", password = "wrong guess" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var forgerAgain = Client(forwardedFor: "192.0.2.99", peer: "198.51.100.20");
        (await forgerAgain.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private HttpClient Client(string forwardedFor, string? peer = null)
    {
        var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (peer is not null)
        {
            client.DefaultRequestHeaders.Add(ProxiedApiFactory.PeerHeader, peer);
        }

        return client;
    }
}
