package dev.gatehouse.testsupport.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalsTests {

  @Test
  void sendWhenProcessGoneThenFailsWithTheCommand() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();

    assertThatThrownBy(() -> Signals.send(done.pid(), "STOP"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kill -STOP " + done.pid());
  }
}
