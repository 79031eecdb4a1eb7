package net.activationserver.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** Sends one e-mail alert through the configured SMTP server with Jakarta Mail (the runtime's). The password is never logged. */
@ApplicationScoped
public class Mailer {

    /** @throws MessagingException when the server refuses it or cannot be reached */
    public void send(EventSettings.Mail mail, String subject, String body, Instant at) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", mail.host());
        properties.put("mail.smtp.port", Integer.toString(mail.port()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.smtp.auth", Boolean.toString(mail.username() != null));
        switch (mail.tls()) {
            case "tls" -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "starttls" -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            default -> {
            }
        }
        Session session = Session.getInstance(properties, mail.username() == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(mail.username(), mail.password());
            }
        });
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(mail.from()));
        for (String to : mail.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject("[Activation Server] " + subject, "UTF-8");
        message.setText(body + "\n\n-- \nSent by the Activation Server; alerts of the same kind are sent at most once per asl.mail.quiet.\n", "UTF-8");
        message.setSentDate(Date.from(at));
        Transport.send(message);
    }
}
