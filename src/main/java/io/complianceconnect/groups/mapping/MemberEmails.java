package io.complianceconnect.groups.mapping;

import io.complianceconnect.groups.client.GroupMember;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a membership record carries in its {@code email} field ({@code member.email.mode}): the email
 * as the API gave it, a pseudonym, or nothing. The pseudonym is the lower-case hex HMAC-SHA256, under
 * the configured key (its UTF-8 bytes), of the email lower-cased with {@link Locale#ROOT}, so the same
 * address gives the same pseudonym in every record, every run and every connector sharing the key,
 * whatever case the API reports it in, while no one without the key can test a guessed address.
 *
 * <p>Never prints the key.
 */
public final class MemberEmails {

    /** The values of {@code member.email.mode}. */
    public enum Mode {
        PLAIN("plain"), HMAC_SHA256("hmac-sha256"), OMIT("omit");

        private final String configValue;

        Mode(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }

        /** @throws IllegalArgumentException for a value that is none of the modes */
        public static Mode fromConfig(String value) {
            for (Mode mode : values()) {
                if (mode.configValue.equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown member.email.mode: " + value);
        }
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final MemberEmails PLAIN = new MemberEmails(Mode.PLAIN, null);
    private static final MemberEmails OMIT = new MemberEmails(Mode.OMIT, null);

    private final Mode mode;
    /** The keyed MAC, for HMAC_SHA256 only; used on the task's thread, guarded by itself all the same. */
    private final Mac mac;

    private MemberEmails(Mode mode, Mac mac) {
        this.mode = mode;
        this.mac = mac;
    }

    /** The email as the API gave it. */
    public static MemberEmails plain() {
        return PLAIN;
    }

    /** No email: the field is null. */
    public static MemberEmails omit() {
        return OMIT;
    }

    /** The HMAC-SHA256 pseudonym under {@code key}, taken as its UTF-8 bytes. */
    public static MemberEmails hmacSha256(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("hmac-sha256 needs a non-empty key");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return new MemberEmails(Mode.HMAC_SHA256, mac);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this is a broken JVM; the key stays out of it.
            throw new IllegalStateException("HmacSHA256 is not available on this JVM", e);
        }
    }

    /** @param hmacKey the key; used only, and then required, in {@link Mode#HMAC_SHA256} */
    public static MemberEmails of(Mode mode, String hmacKey) {
        return switch (Objects.requireNonNull(mode, "mode")) {
            case PLAIN -> plain();
            case OMIT -> omit();
            case HMAC_SHA256 -> hmacSha256(hmacKey);
        };
    }

    public Mode mode() {
        return mode;
    }

    /** What the record carries for this email; null stays null. */
    public String published(String email) {
        if (email == null) {
            return null;
        }
        return switch (mode) {
            case PLAIN -> email;
            case OMIT -> null;
            case HMAC_SHA256 -> pseudonym(email);
        };
    }

    /**
     * The member as its record shows it: its email as {@link #published(String)} gives it, and in
     * {@code omit} and {@code hmac-sha256} its personal {@code extra} fields ({@link PersonalFields}: a
     * malformed email kept there, names, phones, other addresses) dropped or pseudonymised likewise.
     */
    public GroupMember published(GroupMember member) {
        if (mode == Mode.PLAIN) {
            return member;
        }
        return new GroupMember(member.groupId(), member.userId(), published(member.email()), member.createdAt(),
                member.updatedAt(), publishedExtra(member.extra()));
    }

    private Map<String, String> publishedExtra(Map<String, String> extra) {
        Map<String, String> shown = new LinkedHashMap<>();
        extra.forEach((name, json) -> {
            if (!PersonalFields.isPersonal(name)) {
                shown.put(name, json);
            } else if (mode == Mode.HMAC_SHA256) {
                shown.put(name, PersonalFields.pseudonymised(json, this));
            }
        });
        return shown;
    }

    private String pseudonym(String email) {
        byte[] digest;
        synchronized (mac) {
            digest = mac.doFinal(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public String toString() {
        return "MemberEmails[" + mode.configValue() + "]";
    }
}
