import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Provisions a municipality's Kafka principal: its SCRAM-SHA-512 credential and exactly the ACLs
 * its feed needs, through the Admin API of the broker's own client jar (run by provision.sh with
 * the Java source launcher, so nothing is built and nothing beyond the broker's jars is needed).
 *
 * For municipality CODE with topic prefix P (the installation's, may be empty) the principal gets:
 *   READ, DESCRIBE on topics with the prefix  P luotsi.municipality.CODE.   (its feed, nothing else)
 *   WRITE          on the topic                P luotsi.municipality.CODE.v1.dlq (its dead letters)
 *   READ, DESCRIBE on consumer groups with the prefix  P municipality-CODE.
 * and nothing on the contexts' topics. Its earlier ACLs are removed first, so running it again
 * converges (a changed prefix leaves no stale grant).
 *
 * Usage: java -cp 'libs/*' Provision.java BOOTSTRAP TOPIC_PREFIX PRINCIPAL=CODE:PASSWORD...
 * (TOPIC_PREFIX may be ""; one JVM for all principals, since compiling this file is most of the time.)
 */
public class Provision {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: Provision BOOTSTRAP TOPIC_PREFIX PRINCIPAL=CODE:PASSWORD...");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "luotsi-provision");
    String topicPrefix = args[1].isEmpty() ? "" : args[1] + ".";
    try (Admin admin = Admin.create(props)) {
      for (int i = 2; i < args.length; i++) {
        String spec = args[i];
        int eq = spec.indexOf('='), colon = spec.indexOf(':', eq + 1);
        if (eq <= 0 || colon < 0) fail("expected PRINCIPAL=CODE:PASSWORD");
        provision(admin, topicPrefix, spec.substring(0, eq), spec.substring(eq + 1, colon), spec.substring(colon + 1));
      }
    }
  }

  private static void provision(Admin admin, String topicPrefix, String principal, String code, String password) throws Exception {
    if (!code.matches("\\d{3}")) fail("municipality code must be three digits: " + code);
    if (!principal.matches("[A-Za-z0-9._-]+")) fail("principal name may hold letters, digits, '.', '_' and '-' only");
    if (password.length() < 12) fail("password must be at least 12 characters");
    String groupPrefix = topicPrefix + "municipality-" + code + ".";
    String feedPrefix = topicPrefix + "luotsi.municipality." + code + ".";
    String deadLetters = feedPrefix + "v1.dlq";
    String user = "User:" + principal;
    {
      admin
          .alterUserScramCredentials(
              List.of(new UserScramCredentialUpsertion(principal, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get();
      admin
          .deleteAcls(List.of(new AclBindingFilter(
              org.apache.kafka.common.resource.ResourcePatternFilter.ANY,
              new org.apache.kafka.common.acl.AccessControlEntryFilter(user, null, AclOperation.ANY, AclPermissionType.ANY))))
          .all()
          .get();
      List<AclBinding> acls = new ArrayList<>();
      ResourcePattern feed = new ResourcePattern(ResourceType.TOPIC, feedPrefix, PatternType.PREFIXED);
      ResourcePattern dlq = new ResourcePattern(ResourceType.TOPIC, deadLetters, PatternType.LITERAL);
      ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED);
      acls.add(allow(feed, user, AclOperation.READ));
      acls.add(allow(feed, user, AclOperation.DESCRIBE));
      acls.add(allow(dlq, user, AclOperation.WRITE));
      acls.add(allow(groups, user, AclOperation.READ));
      acls.add(allow(groups, user, AclOperation.DESCRIBE));
      admin.createAcls(acls).all().get();
    }
    System.out.println("provision: " + user + " (SCRAM-SHA-512) reads topics " + feedPrefix + "*, writes " + deadLetters
        + ", consumer groups " + groupPrefix + "*");
  }

  private static AclBinding allow(ResourcePattern pattern, String user, AclOperation operation) {
    return new AclBinding(pattern, new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
  }

  private static void fail(String message) {
    System.err.println("provision: " + message);
    System.exit(2);
  }
}
