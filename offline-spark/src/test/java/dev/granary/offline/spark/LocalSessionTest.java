package dev.granary.offline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.Test;

/** What a session on a {@code local} master is, beyond the answers the contract suite checks. */
class LocalSessionTest {
    @Test
    void aLocalSessionListensOnLoopbackOnly() {
        TestSpark.engine();
        SparkEnv env = SparkEnv.get();
        assertThat(env.rpcEnv().address().host()).isEqualTo("127.0.0.1");
        assertThat(env.blockManager().blockManagerId().host()).isEqualTo("127.0.0.1");
    }
}
