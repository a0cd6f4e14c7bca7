import Foundation

/// The inbox's words in English and Spanish (the team works in both; Spanish uses "usted", as the
/// form does). Kept here rather than in the site's theme: the service serves these pages itself.
struct TeamStrings {
    static let languages = ["en", "es"]
    /// The other language's name, in that language, for the switch.
    static let languageNames = ["en": "English", "es": "Español"]

    let language: String

    init(_ language: String) {
        self.language = Self.languages.contains(language) ? language : "en"
    }

    static func resolved(_ language: String?) -> String {
        guard let language, languages.contains(language) else { return "en" }
        return language
    }

    var other: String { language == "es" ? "en" : "es" }

    subscript(_ key: Key) -> String {
        let pair = key.text
        return language == "es" ? pair.es : pair.en
    }

    func format(_ key: Key, _ values: [String: String]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// "12 minutes ago" / "hace 12 minutos": the age a person takes in at a glance.
    func age(since date: Date, now: Date) -> String {
        let minutes = max(0, Int(now.timeIntervalSince(date) / 60))
        let (count, one, many): (Int, Key, Key) =
            minutes < 60
            ? (minutes, .minuteAgo, .minutesAgo)
            : minutes < 48 * 60 ? (minutes / 60, .hourAgo, .hoursAgo) : (minutes / 1440, .dayAgo, .daysAgo)
        if minutes < 1 { return self[.justNow] }
        return format(count == 1 ? one : many, ["n": String(count)])
    }

    enum Key {
        case product, signInTitle, name, password, code, codeHint, signIn, signInFailed, pleaseSignIn
        case inboxTitle, noneOpen, signOut, signedInAs, stateNew, stateClaimed, stateHandled
        case received, contact, when, talkIn, topic, message, answers
        case claim, claimedByYou, noteLabel, noteHint, addNote, noteEmpty, noteTooLong, notes, noNotes, noteBy
        case markHandled, back, notFoundTitle, notFound, refusedTitle, refused, language
        case justNow, minuteAgo, minutesAgo, hourAgo, hoursAgo, dayAgo, daysAgo, requestTitle

        var text: (en: String, es: String) {
            switch self {
            case .product: ("Peer Portal team inbox", "Bandeja del equipo de Peer Portal")
            case .signInTitle: ("Sign in", "Iniciar sesión")
            case .name: ("Name", "Nombre")
            case .password: ("Password", "Contraseña")
            case .code: ("Code from your authenticator app", "Código de su aplicación de autenticación")
            case .codeHint: ("6 digits. It changes every 30 seconds.", "6 dígitos. Cambia cada 30 segundos.")
            case .signIn: ("Sign in", "Iniciar sesión")
            case .signInFailed:
                (
                    "Sign-in failed. Check your name, password and code, then try again. After 5 failed tries in a row, the account is locked for 15 minutes.",
                    "No se pudo iniciar sesión. Revise su nombre, contraseña y código, y vuelva a intentarlo. Después de 5 intentos fallidos seguidos, la cuenta se bloquea durante 15 minutos."
                )
            case .pleaseSignIn:
                ("Sign in to read the team's requests.", "Inicie sesión para leer las solicitudes del equipo.")
            case .inboxTitle: ("Open requests", "Solicitudes abiertas")
            case .noneOpen: ("There are no open requests.", "No hay solicitudes abiertas.")
            case .signOut: ("Sign out", "Cerrar sesión")
            case .signedInAs: ("Signed in as {name}", "Sesión iniciada como {name}")
            case .stateNew: ("New", "Nueva")
            case .stateClaimed: ("Claimed by {name}", "Tomada por {name}")
            case .stateHandled: ("Handled", "Atendida")
            case .received: ("Received", "Recibida")
            case .contact: ("Contact by", "Contacto por")
            case .when: ("When", "Cuándo")
            case .talkIn: ("Talk in", "Hablar en")
            case .topic: ("Topic", "Tema")
            case .message: ("Message", "Mensaje")
            case .answers: ("Answers", "Respuestas")
            case .claim: ("Claim this request", "Tomar esta solicitud")
            case .claimedByYou: ("You claimed this request.", "Usted tomó esta solicitud.")
            case .noteLabel: ("Private note", "Nota privada")
            case .noteHint:
                (
                    "Only the team sees it. Up to 500 characters. Write what was done, not the person's story.",
                    "Solo la ve el equipo. Hasta 500 caracteres. Escriba lo que se hizo, no la historia de la persona."
                )
            case .addNote: ("Add note", "Agregar nota")
            case .noteEmpty: ("Write a note before adding it", "Escriba una nota antes de agregarla")
            case .noteTooLong: ("The note must be 500 characters or fewer", "La nota debe tener 500 caracteres o menos")
            case .notes: ("Notes", "Notas")
            case .noNotes: ("No notes yet.", "Todavía no hay notas.")
            case .noteBy: ("{name}, {age}", "{name}, {age}")
            case .markHandled: ("Mark as handled", "Marcar como atendida")
            case .back: ("Back to open requests", "Volver a las solicitudes abiertas")
            case .notFoundTitle: ("No such request", "No existe esa solicitud")
            case .notFound:
                (
                    "There is no request with that reference. Requests are deleted after the retention period.",
                    "No hay ninguna solicitud con esa referencia. Las solicitudes se borran al terminar el período de conservación."
                )
            case .refusedTitle: ("Not done", "No se hizo")
            case .refused:
                (
                    "This was not done: the request did not come from this page, or the page was too old. Go back, reload the page and try again.",
                    "Esto no se hizo: la petición no vino de esta página, o la página era demasiado antigua. Vuelva atrás, recargue la página e inténtelo de nuevo."
                )
            case .language: ("Language", "Idioma")
            case .justNow: ("just now", "hace un momento")
            case .minuteAgo: ("{n} minute ago", "hace {n} minuto")
            case .minutesAgo: ("{n} minutes ago", "hace {n} minutos")
            case .hourAgo: ("{n} hour ago", "hace {n} hora")
            case .hoursAgo: ("{n} hours ago", "hace {n} horas")
            case .dayAgo: ("{n} day ago", "hace {n} día")
            case .daysAgo: ("{n} days ago", "hace {n} días")
            case .requestTitle: ("Request {ref}", "Solicitud {ref}")
            }
        }
    }
}
