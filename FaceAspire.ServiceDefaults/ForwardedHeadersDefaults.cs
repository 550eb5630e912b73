using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client addresses behind proxies. The web front end proxies <c>/api</c> to the API and a load balancer sits in
/// front of the web front end in production; without this every request would appear to come from the nearest
/// proxy (one sign-in throttle bucket for everybody). <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// honoured only from loopback and from the proxies and networks listed under <c>ForwardedHeaders</c>
/// (<c>KnownProxies</c>: addresses, <c>KnownNetworks</c>: CIDR ranges such as the VPC's), so a client cannot
/// choose its own address by sending the header itself.
/// </summary>
public static class ForwardedHeadersDefaults
{
    /// <summary>Configuration section with <c>KnownProxies</c>, <c>KnownNetworks</c> and <c>ForwardLimit</c>.</summary>
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Configures <see cref="ForwardedHeadersOptions"/> from the <c>ForwardedHeaders</c> section.</summary>
    /// <exception cref="InvalidOperationException">A listed proxy or network is not an IP address or CIDR range.</exception>
    public static TBuilder AddForwardedHeadersDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(SectionName);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        var forwardLimit = section.GetValue<int?>("ForwardLimit") ?? 1;
        var knownProxies = proxies.Select(proxy => IPAddress.TryParse(proxy, out var address)
            ? address
            : throw new InvalidOperationException($"{SectionName}:KnownProxies has '{proxy}', which is not an IP address.")).ToList();
        var knownNetworks = networks.Select(network => System.Net.IPNetwork.TryParse(network, out var range)
            ? range
            : throw new InvalidOperationException($"{SectionName}:KnownNetworks has '{network}', which is not a CIDR range such as 10.0.0.0/16.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = forwardLimit;
            knownProxies.ForEach(options.KnownProxies.Add);
            knownNetworks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }
}
