package dev.distillery.engine;

/**
 * How cluster members prove that they belong: a worker signs its advert, a coordinator checks the
 * signature. {@link #NONE} (no credential) is for a single JVM and for clusters on loopback.
 */
public interface ClusterTrust {

  /** No credential: nothing is signed, only unsigned adverts are accepted. */
  ClusterTrust NONE =
      new ClusterTrust() {
        @Override
        public String prove(String text) {
          return null;
        }

        @Override
        public String refusal(String text, String proof) {
          return proof == null
              ? null
              : "it presents a cluster credential and this coordinator has none (start both with"
                  + " the same --cluster-credential, or neither)";
        }
      };

  /** The proof over {@code text}, or null without a credential. */
  String prove(String text);

  /** Null when {@code proof} proves {@code text}; otherwise why the member is refused. */
  String refusal(String text, String proof);
}
