package dev.gatehouse.demo.notes;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notes settings.
 *
 * @param maxPerUser how many notes one user may keep; further additions answer {@code 409}
 */
@ConfigurationProperties("gatehouse.notes")
@Validated
record NotesProperties(@DefaultValue("100") @Positive int maxPerUser) {}
