package io.qmkdc.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * PEM files (RFC 7468) of certificates and unencrypted RSA private keys, the form Akka's RotatingKeysSSLEngineProvider,
 * curl and openssl read. Private keys are created 0600 before a byte is written; nothing is ever overwritten.
 */
public final class Pem {
    private Pem() {
    }

    public static void writeCertificate(Path file, X509Certificate cert) throws IOException {
        write(file, encode(cert), false);
    }

    public static void writeKey(Path file, PrivateKey key) throws IOException {
        write(file, encode(key), true);
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        Object o = parse(file);
        if (!(o instanceof X509CertificateHolder h)) {
            throw new IOException(file + ": not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (CertificateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey readKey(Path file) throws IOException {
        Object o = parse(file);
        JcaPEMKeyConverter c = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair pair) {
            return c.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
            return c.getPrivateKey(info);
        }
        throw new IOException(file + ": not an unencrypted PEM private key");
    }

    private static Object parse(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o == null) {
                throw new IOException(file + ": no PEM object");
            }
            return o;
        }
    }

    private static String encode(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
