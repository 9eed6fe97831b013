using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>The one list of topics (SuiteEvents) names only real apps and real event contracts.</summary>
public sealed class EventCatalogTests
{
    private static readonly HashSet<string> Apps = File.ReadLines(Repository.PathOf("tye.yaml"))
        .Where(line => line.StartsWith("- name: ", StringComparison.Ordinal))
        .Select(line => line["- name: ".Length..].Trim())
        .ToHashSet();

    [Fact]
    public void Every_topic_is_published_and_consumed_by_apps_of_the_topology()
    {
        Assert.Contains("ndv-matching", Apps);
        foreach (var topic in SuiteEvents.Catalog.Topics)
        {
            Assert.Contains(topic.Publisher, Apps);
            Assert.All(topic.Subscribers, subscriber => Assert.Contains(subscriber, Apps));
            Assert.DoesNotContain(topic.Publisher, topic.Subscribers);
        }
    }

    [Fact]
    public void The_catalog_names_the_app_ids_of_the_topology()
    {
        // The gateway, the provider and the console publish and subscribe nothing.
        Assert.Equal(Apps.Where(app => app is not ("gateway" or "identity" or "web-console")).Order(), new[] { IntegrationEvents.Apps.NdvMatching, IntegrationEvents.Apps.PhoneOverflow, IntegrationEvents.Apps.ComplaintPilot, IntegrationEvents.Apps.SocialAgenda }.Order());
    }

    [Fact]
    public void Every_topic_carries_a_versioned_event_contract_of_protos_and_each_contract_one_topic()
    {
        var topics = SuiteEvents.Catalog.Topics;

        Assert.Equal(topics.Count, topics.Select(t => t.Name).Distinct().Count());
        Assert.Equal(topics.Count, topics.Select(t => t.EventType).Distinct().Count());
        foreach (var topic in topics)
        {
            Assert.Matches(@"^pvi\.[a-z]+\.v[0-9]+\.[A-Z][A-Za-z0-9]+$", topic.EventType);
            Assert.True(File.Exists(Repository.PathOf("protos", topic.Event.File.Name)), $"{topic.Event.File.Name} is in protos/");
            Assert.DoesNotContain(".deadletters", topic.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_catalog_refuses_an_event_no_topic_carries()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SuiteEvents.Catalog.ForType("pvi.unknown.v1.Nothing"));

        Assert.Contains("event catalog", error.Message, StringComparison.Ordinal);
    }
}
