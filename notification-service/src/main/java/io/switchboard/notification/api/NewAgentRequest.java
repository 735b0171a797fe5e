package io.switchboard.notification.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** An ADMIN adds an agent by the id its tokens will carry as {@code sub}. */
public record NewAgentRequest(
        @NotBlank @Size(max = 128) String id,
        @Size(max = 200) String displayName,
        @Email @Size(max = 320) String email,
        List<@Pattern(regexp = "AGENT|ADMIN", message = "must be AGENT or ADMIN") String> roles) {
}
