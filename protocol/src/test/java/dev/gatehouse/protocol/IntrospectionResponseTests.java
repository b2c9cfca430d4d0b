package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The RFC 7662 member names are the contract between auth-service and the gateway. */
class IntrospectionResponseTests {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void writeWhenInactiveThenOnlyActiveFalse() {
    assertThat(json.writeValueAsString(IntrospectionResponse.INACTIVE))
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void writeWhenActiveThenRfc7662MemberNames() {
    IntrospectionResponse response =
        IntrospectionResponse.active("u-1", "alice", "s-1", List.of("user"), 10, 20, 5);

    assertThat(json.readTree(json.writeValueAsString(response)))
        .isEqualTo(
            json.readTree(
                """
                {"active":true,"sub":"u-1","username":"alice","sid":"s-1","roles":["user"],
                 "iat":10,"exp":20,"auth_time":5,"amr":["pwd"],"acr":"urn:gatehouse:acr:pwd"}"""));
  }

  @Test
  void writeWhenPasswordAndOtpThenAmrAndMfaAcr() {
    IntrospectionResponse response =
        IntrospectionResponse.active(
            "u-1", "alice", "s-1", List.of("user"), 10, 20, 5, Assurance.PASSWORD_AND_OTP);

    assertThat(json.readTree(json.writeValueAsString(response)))
        .isEqualTo(
            json.readTree(
                """
                {"active":true,"sub":"u-1","username":"alice","sid":"s-1","roles":["user"],
                 "iat":10,"exp":20,"auth_time":5,"amr":["pwd","otp"],
                 "acr":"urn:gatehouse:acr:mfa"}"""));
  }

  @Test
  void readWhenAmrAbsentThenNull() {
    IntrospectionResponse response =
        json.readValue("{\"active\":true,\"sub\":\"u-1\"}", IntrospectionResponse.class);

    assertThat(response.amr()).isNull();
    assertThat(response.acr()).isNull();
  }

  @Test
  void readWhenWrittenThenSameResponse() {
    IntrospectionResponse response =
        IntrospectionResponse.active("u-1", "alice", "s-1", List.of("user", "admin"), 10, 20, 5);

    assertThat(json.readValue(json.writeValueAsString(response), IntrospectionResponse.class))
        .isEqualTo(response);
  }

  @Test
  void readWhenUnknownMembersThenIgnored() {
    IntrospectionResponse response =
        json.readValue(
            "{\"active\":true,\"sub\":\"u-1\",\"scope\":\"x\",\"client_id\":\"c\"}",
            IntrospectionResponse.class);

    assertThat(response.isActive()).isTrue();
    assertThat(response.sub()).isEqualTo("u-1");
  }

  @Test
  void readWhenActiveMissingThenNotActive() {
    IntrospectionResponse response = json.readValue("{}", IntrospectionResponse.class);

    assertThat(response.isActive()).isFalse();
    assertThat(response.active()).isNull();
  }
}
