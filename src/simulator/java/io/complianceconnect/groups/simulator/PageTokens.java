package io.complianceconnect.groups.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens: the position (an offset into the current list), the expiry and the listing
 * they belong to, sealed with AES-GCM under a key made from the seed. A client can neither read the
 * position nor change a byte without the token being rejected. Binding the listing (endpoint and
 * group id or name prefix) means a token from one listing does not page through another.
 */
final class PageTokens {

    /** Why a token was refused; both become 400 {@code invalid_request_error}. */
    enum Rejection { INVALID, EXPIRED }

    /** Thrown for a token that cannot be used. */
    static final class RejectedToken extends Exception {
        private final Rejection rejection;

        RejectedToken(Rejection rejection) {
            super(rejection.name(), null, false, false);
            this.rejection = rejection;
        }

        Rejection rejection() {
            return rejection;
        }
    }

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKey key;
    private final Random nonces;
    private final Clock clock;
    private final Duration ttl;

    PageTokens(long seed, Clock clock, Duration ttl) {
        // Own generator (not the directory's) so serving requests never changes the ids populate makes.
        Random keys = new Random(seed ^ 0x5DEECE66DL * 31);
        byte[] keyBytes = new byte[16];
        keys.nextBytes(keyBytes);
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.nonces = new Random(keys.nextLong());
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A token for {@code offset} in {@code listing}, valid for the TTL from now. */
    String issue(String listing, int offset) {
        byte[] listingBytes = listing.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(1 + 4 + 8 + listingBytes.length);
        plain.put(VERSION).putInt(offset).putLong(clock.instant().plus(ttl).toEpochMilli()).put(listingBytes);
        byte[] nonce = new byte[NONCE_BYTES];
        synchronized (nonces) {
            nonces.nextBytes(nonce);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.array());
            return ENCODER.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The offset a token stands for, if it is authentic, unexpired and of {@code listing}. */
    int redeem(String listing, String token) throws RejectedToken {
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            throw new RejectedToken(Rejection.INVALID);
        }
        if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new RejectedToken(Rejection.INVALID);
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new RejectedToken(Rejection.INVALID);
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        if (buffer.remaining() < 13 || buffer.get() != VERSION) {
            throw new RejectedToken(Rejection.INVALID);
        }
        int offset = buffer.getInt();
        Instant expiresAt = Instant.ofEpochMilli(buffer.getLong());
        String tokenListing = StandardCharsets.UTF_8.decode(buffer).toString();
        if (!tokenListing.equals(listing) || offset < 0) {
            throw new RejectedToken(Rejection.INVALID);
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new RejectedToken(Rejection.EXPIRED);
        }
        return offset;
    }
}
