package net.activationserver.admin.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;

/** Messages for the console's growl, and on fields. */
final class Messages {

    private Messages() {
    }

    static void info(String text) {
        add(FacesMessage.SEVERITY_INFO, text);
    }

    static void error(String text) {
        add(FacesMessage.SEVERITY_ERROR, text);
    }

    /**
     * A message on one input (by client id), starting with the input's label (its p:outputLabel, without a trailing
     * "(optional)") unless the text names it already; the request counts as failed validation, so dialogs stay open.
     */
    static void field(String clientId, String text) {
        FacesContext context = FacesContext.getCurrentInstance();
        String label = label(context, clientId);
        String shown = label == null || text.startsWith(label) ? text : label + ": " + text;
        context.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, shown, shown));
        context.validationFailed();
    }

    private static String label(FacesContext context, String clientId) {
        try {
            UIComponent input = context.getViewRoot().findComponent(":" + clientId);
            Object label = input == null ? null : input.getAttributes().get("label");
            return label == null ? null : label.toString().replaceAll("\\s*\\(optional\\)$", "").strip();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void add(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }
}
