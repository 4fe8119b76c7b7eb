package dev.distillery.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.distillery.engine.ClusterJoin;
import dev.distillery.engine.ClusterTrust;
import dev.distillery.metrics.MetricsSetup;
import dev.distillery.spi.UserException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins the Distillery cluster with Vert.x's Hazelcast cluster manager: TCP-IP discovery of the
 * listed members only (no multicast, no cloud auto-detection), bound to one interface, Hazelcast's
 * phone-home off. The event bus listens on the same interface; with a credential it runs mutual TLS
 * (see {@link ClusterCredential}), which is required off loopback.
 *
 * <p>What this protects: event-bus traffic (stage jobs, adverts, records, progress) is encrypted
 * and only members presenting the cluster certificate can open event-bus connections; workers prove
 * the credential in every advert. What it does not: Hazelcast's own membership protocol (port
 * {@code --cluster-port}) is neither encrypted nor authenticated in Hazelcast's open-source
 * edition: a host that reaches that port can join the membership group, read the event-bus address
 * map (which addresses exist on which node, not messages) and disturb membership (a denial of
 * service). Keep that port on a private network or behind a firewall.
 */
public final class HazelcastCluster implements ClusterJoin {

  /**
   * @param host the interface address to bind and advertise (default 127.0.0.1)
   * @param port the Hazelcast membership port of this member
   * @param busPort the event bus's port (0: any free port)
   * @param members every member's {@code host:port}, this one included or not
   * @param clusterName Hazelcast's cluster name (members of other names are ignored)
   * @param credential the credential, or null (allowed on loopback only)
   * @param workerTimeout a worker without an advert for this long is lost
   * @param workerWait how long a coordinator waits for the first worker
   */
  public record Settings(
      String host,
      int port,
      int busPort,
      List<String> members,
      String clusterName,
      ClusterCredential credential,
      Duration workerTimeout,
      Duration workerWait) {}

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(HazelcastCluster.class);
  private static final String ROLE = "distillery.role";
  private static final String NAME = "distillery.name";
  private static final String PROTOCOL = "distillery.protocol";
  private static final String PROOF = "distillery.proof";
  private static final String REFUSALS = "distillery.refusals";

  private final Settings settings;
  private HazelcastClusterManager manager;
  private String role = "coordinator";
  private String memberName = "coordinator";
  private int protocol = dev.distillery.engine.WorkerAdvert.PROTOCOL;

  public HazelcastCluster(Settings settings) {
    this.settings = settings;
    if (settings.credential() == null && !isLoopback(settings.host())) {
      throw new UserException(
          "--cluster-host "
              + settings.host()
              + " is not a loopback address, so the cluster needs a credential: make one with"
              + " `distillery cluster init DIR`, copy DIR to every node and pass"
              + " --cluster-credential DIR");
    }
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserException(
          "--cluster-host '" + host + "' is not a known address: " + e.getMessage());
    }
  }

  /**
   * Joins as a worker: coordinators check its membership attributes (protocol, credential proof)
   * and, when they refuse it, {@code onRefused} gets their reason over Hazelcast itself, which
   * works even when the event bus's TLS handshake cannot (another credential).
   */
  public Future<Vertx> joinAsWorker(
      MetricsSetup metrics, String workerId, int protocol, Consumer<String> onRefused) {
    this.role = "worker";
    this.memberName = workerId;
    this.protocol = protocol;
    return join(metrics)
        .onSuccess(
            vertx -> {
              var refusals = manager.getHazelcastInstance().<String, String>getMap(REFUSALS);
              String me = manager.getNodeId();
              refusals.addEntryListener(
                  (com.hazelcast.map.listener.EntryAddedListener<String, String>)
                      event -> onRefused.accept(event.getValue()),
                  me,
                  true);
              String already = refusals.get(me);
              if (already != null) {
                onRefused.accept(already);
              }
            });
  }

  /** The proof a member shows in its attributes: over the cluster name, with the secret. */
  private String membershipProof() {
    return settings.credential() == null
        ? "none"
        : settings.credential().prove("member|" + settings.clusterName());
  }

  /** Why a worker member is refused, or null. */
  private String refusal(com.hazelcast.cluster.Member member) {
    String theirs = member.getAttribute(PROTOCOL);
    if (!String.valueOf(protocol).equals(theirs)) {
      return "it speaks coordinator protocol "
          + theirs
          + ", this coordinator "
          + protocol
          + ": run the same Distillery version on every node";
    }
    String proof = member.getAttribute(PROOF);
    if (proof == null || proof.equals(membershipProof())) {
      return null;
    }
    if ("none".equals(proof)) {
      return "it presents no cluster credential and this coordinator uses one; start it with"
          + " --cluster-credential and a copy of the coordinator's credential directory";
    }
    return settings.credential() == null
        ? "it presents a cluster credential and this coordinator has none; start both with the"
            + " same --cluster-credential, or neither"
        : "its cluster credential differs from this coordinator's; copy the directory made by"
            + " `distillery cluster init` to every node";
  }

  /** The Vert.x node id of a member (vertx-hazelcast keeps it as a member attribute). */
  private static String vertxNodeId(com.hazelcast.cluster.Member member) {
    String nodeId = member.getAttribute("__vertx.nodeId");
    return nodeId != null ? nodeId : member.getUuid().toString();
  }

  private void checkMember(com.hazelcast.cluster.Member member) {
    if (!"worker".equals(member.getAttribute(ROLE))) {
      return;
    }
    String why = refusal(member);
    if (why != null) {
      LOG.error("refused worker {} at {}: {}", member.getAttribute(NAME), member.getAddress(), why);
      manager.getHazelcastInstance().<String, String>getMap(REFUSALS).put(vertxNodeId(member), why);
    }
  }

  @Override
  public Future<Vertx> join(MetricsSetup metrics) {
    Config config = ConfigUtil.loadConfig();
    config.getMemberAttributeConfig().setAttribute(ROLE, role);
    config.getMemberAttributeConfig().setAttribute(NAME, memberName);
    config.getMemberAttributeConfig().setAttribute(PROTOCOL, String.valueOf(protocol));
    config.getMemberAttributeConfig().setAttribute(PROOF, membershipProof());
    config.setClusterName(settings.clusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    config.setProperty("hazelcast.local.localAddress", settings.host());
    config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(settings.host());
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    manager = new HazelcastClusterManager(config);

    EventBusOptions bus =
        new EventBusOptions()
            .setHost(settings.host())
            .setPort(0)
            .setClusterPublicHost(settings.host());
    ClusterCredential credential = settings.credential();
    if (credential != null) {
      bus.setSsl(true)
          .setKeyCertOptions(
              new PfxOptions()
                  .setPath(credential.keyStore().toString())
                  .setPassword(credential.password()))
          .setTrustOptions(new PemTrustOptions().addCertPath(credential.certificate().toString()))
          .setClientAuth(ClientAuth.REQUIRED);
    }
    VertxOptions options = metrics.vertxOptions(new VertxOptions().setEventBusOptions(bus));
    return metrics
        .vertxBuilder(options)
        .withClusterManager(manager)
        .buildClustered()
        .recover(
            error ->
                Future.failedFuture(
                    new UserException(
                        "cannot join the cluster at "
                            + settings.host()
                            + ":"
                            + settings.port()
                            + " (members "
                            + settings.members()
                            + "): "
                            + error.getMessage()
                            + "; is the port free and the address this machine's?",
                        error)));
  }

  @Override
  public ClusterTrust trust() {
    return settings.credential() == null ? ClusterTrust.NONE : settings.credential();
  }

  @Override
  public void watchMembers(Vertx vertx, Consumer<String> memberLeft) {
    var cluster = manager.getHazelcastInstance().getCluster();
    cluster.getMembers().forEach(this::checkMember);
    cluster.addMembershipListener(
        new MembershipListener() {
          @Override
          public void memberAdded(MembershipEvent event) {
            checkMember(event.getMember());
          }

          @Override
          public void memberRemoved(MembershipEvent event) {
            String nodeId = event.getMember().getUuid().toString();
            vertx.runOnContext(ignored -> memberLeft.accept(nodeId));
          }
        });
  }

  @Override
  public int members(Vertx vertx) {
    return manager.getNodes().size();
  }

  @Override
  public Duration workerTimeout() {
    return settings.workerTimeout();
  }

  @Override
  public Duration workerWait() {
    return settings.workerWait();
  }

  @Override
  public String host() {
    return settings.host();
  }

  /** Where a credential directory is given on the command line. */
  public static ClusterCredential credential(Path directory) {
    return directory == null ? null : ClusterCredential.load(directory);
  }
}
