"""Generic meeting vocabulary in Spanish, English and French, folded (lowercase, no accents).

Nothing here is about a particular meeting: these are the words any delegate uses for a
workshop, a break, the wifi or tomorrow. Words map to *concepts* (``@workshop``) so that
"taller", "workshop" and "atelier" meet, whatever language the event file or the question is in.
"""

from __future__ import annotations

# Multi-word expressions become one token before anything else, on questions and on event text.
PHRASES: dict[str, str] = {
    "mot de passe": "motdepasse",
    "dress code": "dresscode",
    "lost and found": "lostandfound",
    "objets trouves": "lostandfound",
    "objetos perdidos": "lostandfound",
    "check in": "checkin",
    "check out": "checkout",
    "sign in": "signin",
    "first aid": "emergency",
    "primeros auxilios": "emergency",
    "premiers secours": "emergency",
    "silla de ruedas": "wheelchair",
    "fauteuil roulant": "wheelchair",
    "name tag": "nametag",
    "mots de passe": "motdepasse",
    "wi fi": "wifi",
    # The network's names in its three languages (UNESCO writes "redPEA" and "réSEAU").
    "red pea": "redpea",
    "red del pea": "redpea",
    "red wifi": "wifi",
    "red de wifi": "wifi",
    "red del wifi": "wifi",
    "reseau wifi": "wifi",
    "get online": "wifi",
    "go online": "wifi",
    "wifi network": "wifi",
    "internet network": "wifi",
    "google maps": "maps",
    "pasado manana": "pasadomanana",
    "apres demain": "apresdemain",
    "apres midi": "apresmidi",
    "cet aprem": "todayafternoon",
    "aprem": "apresmidi",
    "day after tomorrow": "apresdemain",
    # the keynote, not the opening session nor the meeting ("conferencia": a conference)
    "conferencia inaugural": "keynote",
    "conference inaugurale": "keynote",
    "conferencia magistral": "keynote",
    "conference magistrale": "keynote",
    "conf inaugurale": "keynote",
    "conf magistrale": "keynote",
    "conferencia principal": "keynote",
    "charla principal": "keynote",
    # the keynote's speaker: "quien es la conferencista principal", "la ponente principal"
    "conferencista principal": "keynote conferencista",
    "conferenciante principal": "keynote conferencista",
    "ponente principal": "keynote ponente",
    "orador principal": "keynote orador",
    "oradora principal": "keynote orador",
    "conferencier principal": "keynote conferencier",
    "conferenciere principale": "keynote conferenciere",
    "buen dia": "buenas",  # a greeting, not a day's programme
    "bom dia": "buenas",  # ... in Portuguese
    "boa tarde": "buenas",
    "boa noite": "buenas",
    "table ronde": "tableronde",
    "mesa redonda": "tableronde",
    "round table": "tableronde",
    "right now": "now",
    "at the moment": "now",
    "en ce moment": "now",
    "en este momento": "now",
    "en este instante": "now",
    "en cours": "now",
    "en curso": "now",
    "in progress": "now",
    "ahora mismo": "ahora",
    "what s on": "whatson",
    "whats on": "whatson",
    "que hay": "whatson",
    "qu y a t il": "whatson",
    "coming up": "next",
    "after this": "next",
    "after this talk": "next",
    "after this session": "next",
    "after this one": "next",
    "despues de esta charla": "next",
    "despues de esta sesion": "next",
    "despues de esto": "next",
    "apres cette session": "next",
    "apres cette intervention": "next",
    "apres ca": "next",
    "a continuacion": "next",
    # The field visit, as delegates and programmes call it
    "field visit": "fieldvisit",
    "field visits": "fieldvisit",
    "field trip": "fieldvisit",
    "field trips": "fieldvisit",
    "visita de campo": "fieldvisit",
    "visita de terreno": "fieldvisit",
    "salida de campo": "fieldvisit",
    "visite de terrain": "fieldvisit",
    "visite sur le terrain": "fieldvisit",
    "sortie de terrain": "fieldvisit",
    "sortie terrain": "fieldvisit",
    "sortie sur le terrain": "fieldvisit",
    # "¿En qué calle queda?": the street asked is the address. Not a concept: a street named in
    # a text ("Calle 8") is no address question, and "calle" shares the stem of "call"
    "en que calle": "en que direccion",
    "en q calle": "en q direccion",
    "que calle": "que direccion",
    "which street": "which address",
    "what street": "what address",
    "quelle rue": "quelle adresse",
    "en que avenida": "en que direccion",
    "en q avenida": "en q direccion",
    "which avenue": "which address",
    "quelle avenue": "quelle adresse",
    # "¿y ahora qué viene?": what comes is the next one ("quién viene" is left alone)
    "que viene": "next",
    "a suivre": "next",
    "la suite": "next",
    # "¿cómo la encuentro?": the verb (to find), not the noun (a meeting)
    "la encuentro": "encontrar",
    "lo encuentro": "encontrar",
    "por la manana": "morning",
    "de la manana": "morning",
    "esta manana": "todaymorning",
    "en la manana": "morning",
    "ce matin": "todaymorning",
    "this morning": "todaymorning",
    "por la tarde": "afternoon",
    "esta tarde": "todayafternoon",
    "de la tarde": "afternoon",
    "en la tarde": "afternoon",
    "cet apres midi": "todayafternoon",
    "this afternoon": "todayafternoon",
    "esta noche": "todayevening",
    "ce soir": "todayevening",
    "how far": "howfar",
    "how long": "howfar",
    "cuanto se tarda": "howfar",
    "combien de temps": "howfar",
    "get there": "getthere",
    "get to": "getthere",
    "como llego": "getthere",
    "como llegar": "getthere",
    "comment venir": "getthere",
    "comment aller": "getthere",
    "se rendre": "getthere",
    "thank you": "thanks",
    "see you": "bye",
    "gotta go": "bye",
    "got to go": "bye",
    "tengo que irme": "bye",
    "see u": "bye",
    "see ya": "bye",
    "no encuentro": "find",  # not the meeting ("el encuentro")
    "j ai": "je",  # "j'ai perdu…": not AI, a topic of some meetings
    "hasta la proxima": "bye",
    "a la prochaine": "bye",
    "bonne nuit": "bye",
    "good night": "bye",
    "nos vemos": "bye",
    "a plus": "bye",
    "a bientot": "bye",
    "a demain": "bye",
    "y a demain": "demain",  # "qu'est-ce qu'il y a demain", not "à demain"
    "au revoir": "bye",
    "hasta manana": "bye",
    "hasta luego": "bye",
    "hasta pronto": "bye",
    "buenos dias": "hola",
    "buenas tardes": "hola",
    "buenas noches": "hola",
    "good morning": "hello",
    "good afternoon": "hello",
    "good evening": "hello",
    "hi there": "hello",
    "bonne soiree": "bye",
    "bonne journee": "bye",
    "muy amable": "thanks",
}

# Logistics phrases delegates use at any meeting. Each becomes one token that a concept below
# knows, so that "left luggage" is about the cloakroom rather than a lost item, and "invitation
# letter" about the visa rather than a certificate. There is no concept for fees and prices:
# "how much is the metro" would find every entry that says "included" or "free".
PHRASES.update(
    {
        # Breaks ("free time" is a break, a bare "free" is left alone: free seats, gluten free)
        "free time": "freetime",
        "tiempo libre": "freetime",
        "temps libre": "freetime",
        "per diem": "perdiem",
        # Money
        "credit card": "creditcard",
        "credit cards": "creditcard",
        "debit card": "creditcard",
        "tarjeta de credito": "creditcard",
        "tarjetas de credito": "creditcard",
        "tarjeta de debito": "creditcard",
        "carte bancaire": "creditcard",
        "carte de credit": "creditcard",
        "carte bleue": "creditcard",
        "en efectivo": "cash",
        "en especes": "cash",
        "cash machine": "atm",
        # Joining "the network" is the wifi; the schools' network is joined, not connected to
        "connecter au reseau": "wifi",
        "connecte au reseau": "wifi",
        "connecter sur le reseau": "wifi",
        "conectarme a la red": "wifi",
        "conectarse a la red": "wifi",
        "conectar a la red": "wifi",
        "conecto a la red": "wifi",
        "connect to the network": "wifi",
        "connected to the network": "wifi",
        "connecting to the network": "wifi",
        # How the weather is, not how much time ("combien de temps", "qué tiempo tengo")
        "quel temps": "meteo",
        "tiempo hace": "meteo",
        "tiempo va a hacer": "meteo",
        "week end": "weekend",
        "fin de semana": "weekend",
        # What to see in town: the sights, not "ver el programa" nor "que faire en cas de…"
        "que ver": "sightseeing",
        "que voir": "sightseeing",
        "quoi voir": "sightseeing",
        "a voir": "sightseeing",
        "que visitar": "sightseeing",
        "quoi visiter": "sightseeing",
        "what to see": "sightseeing",
        "what to visit": "sightseeing",
        "worth seeing": "sightseeing",
        "worth visiting": "sightseeing",
        "worth a visit": "sightseeing",
        "things to do": "sightseeing",
        "things to see": "sightseeing",
        "must see": "sightseeing",
        "must sees": "sightseeing",
        "que faire a": "sightseeing",
        "que visiter": "sightseeing",
        "que puedo visitar": "sightseeing",
        "que se puede visitar": "sightseeing",
        "que puedo conocer": "sightseeing",
        "q puedo conocer": "sightseeing",
        "que se puede conocer": "sightseeing",
        "what can i visit": "sightseeing",
        "que puedo ver": "sightseeing",
        "hay para ver": "sightseeing",
        "je peux visiter": "sightseeing",
        "what can i see": "sightseeing",
        "what should i visit": "sightseeing",
        "what should i see": "sightseeing",
        "there to see": "sightseeing",
        "que faire pendant mon temps libre": "sightseeing",
        "what can i do in my free time": "sightseeing",
        "que puedo hacer en mi tiempo libre": "sightseeing",
        # The clock at home against the clock here ("time" alone says when, and is dropped)
        "time zone": "timezone",
        "time zones": "timezone",
        "time difference": "timezone",
        "decalage horaire": "timezone",
        "fuseau horaire": "timezone",
        "diferencia horaria": "timezone",
        "diferencia de horario": "timezone",
        "huso horario": "timezone",
        "zona horaria": "timezone",
        "cajero automatico": "atm",
        "distributeur automatique": "atm",
        "distributeur de billets": "atm",
        "guichet automatique": "atm",
        "change money": "currency",
        "exchange money": "currency",
        "money exchange": "currency",
        "currency exchange": "currency",
        "cambio de moneda": "currency",
        "cambiar dinero": "currency",
        "casa de cambio": "currency",
        "bureau de change": "currency",
        # Today's rate is a figure an event's file seldom gives: a word of its own, that only
        # the file's own "exchange rate" (in an answer or a phrasing) matches
        "exchange rate": "exchangerate",
        "exchange rates": "exchangerate",
        "tipo de cambio": "exchangerate",
        "taux de change": "exchangerate",
        "tasa de cambio": "exchangerate",
        "cambio del euro": "exchangerate",
        "cambio del dolar": "exchangerate",
        "cuanto esta el dolar": "exchangerate",
        "cuanto esta el euro": "exchangerate",
        "ca fait combien en": "exchangerate",
        # Meals and diets ("petit déjeuner" is not lunch)
        "petit dejeuner": "petitdejeuner",
        "petits dejeuners": "petitdejeuner",
        "petit dej": "petitdejeuner",
        "frais de sejour": "perdiem",
        "dinero diario": "perdiem",
        "service compris": "pourboire",
        "service included": "tipping",
        "servicio incluido": "propina",
        "gluten free": "glutenfree",
        "dairy free": "lactose",
        "nut free": "nuts",
        "fruits de mer": "seafood",
        "frutos del mar": "seafood",
        "frutos de mar": "seafood",
        "frutos secos": "nuts",
        "fruits a coque": "nuts",
        "fruits secs": "nuts",
        "drinking water": "water",  # "drinking" alone is the reception's drinks
        "agua potable": "water",
        "eau potable": "water",
        # Health
        "mal de tete": "headache",
        "mal a la tete": "headache",
        "dolor de cabeza": "headache",
        "me duele la cabeza": "headache",
        "altitude sickness": "soroche",
        "mal de altura": "soroche",
        "mal de altitud": "soroche",
        "mal de montana": "soroche",
        "mal des montagnes": "soroche",
        "mal de l altitude": "soroche",
        "mal d altitude": "soroche",
        "me siento mal": "enfermo",
        "je me sens mal": "malade",
        "trousse de secours": "emergency",
        "botiquin de primeros auxilios": "emergency",
        "first aid kit": "emergency",
        # Lost items and the cloakroom
        "lost property": "lostandfound",
        "objets perdus": "lostandfound",
        "objetos olvidados": "lostandfound",
        "left luggage": "luggage",
        "coat check": "cloakroom",
        "consigne a bagages": "luggage",  # a bare "consigne(s)" is mostly "instructions"
        "consigne bagages": "luggage",
        "consigne des bagages": "luggage",
        "power outlet": "socket",
        "power outlets": "socket",
        "power socket": "socket",
        "prise electrique": "socket",
        "prises electriques": "socket",
        "power adapter": "socket",
        "travel adapter": "socket",
        "plug adapter": "socket",
        "adaptador de corriente": "socket",
        "adaptateur electrique": "socket",
        "adaptateur de prise": "socket",
        # Recordings, streaming, online participation
        "live stream": "livestream",
        "live streaming": "livestream",
        "live streamed": "livestream",
        "live broadcast": "livestream",
        "watch live": "livestream",
        "watch online": "livestream",
        "en directo": "livestream",
        "en vivo": "livestream",
        "en direct": "livestream",
        "ver en linea": "livestream",
        "ver online": "livestream",
        "regarder en ligne": "livestream",
        "suivre en ligne": "livestream",
        # Not a bare "a distance": English "a distance of 2 km" is about how far.
        "participar a distancia": "remoto",
        "participacion a distancia": "remoto",
        "asistir a distancia": "remoto",
        "seguir a distancia": "remoto",
        "participer a distance": "remote",
        "participation a distance": "remote",
        "assister a distance": "remote",
        "suivre a distance": "remote",
        "en distanciel": "remote",
        # Submitting slides
        "hand in": "submit",
        "send in": "submit",
        # Visa
        "invitation letter": "invitationletter",
        "invitation letters": "invitationletter",
        "letter of invitation": "invitationletter",
        "visa letter": "invitationletter",
        "carta de invitacion": "invitationletter",
        "cartas de invitacion": "invitationletter",
        "lettre d invitation": "invitationletter",
        "lettres d invitation": "invitationletter",
        "lettre invitation": "invitationletter",
        # Accommodation
        "hotel room": "habitacion",
        "hotel rooms": "habitacion",
        "place to stay": "accommodation",
        "places to stay": "accommodation",
        # Photos, privacy, social media
        "image rights": "imagerights",
        "droit a l image": "imagerights",
        "droits a l image": "imagerights",
        "derechos de imagen": "imagerights",
        "derecho de imagen": "imagerights",
        "derecho a la imagen": "imagerights",
        "salir en fotos": "imagerights",
        "salir en las fotos": "imagerights",
        "salir en la foto": "imagerights",
        "aparecer en fotos": "imagerights",
        "aparecer en las fotos": "imagerights",
        "personal data": "privacy",
        "data protection": "privacy",
        "datos personales": "privacy",
        "proteccion de datos": "privacy",
        "donnees personnelles": "privacy",
        "protection des donnees": "privacy",
        "vie privee": "privacy",
        "opt out": "optout",
        "social media": "socialmedia",
        "social network": "socialmedia",
        "social networks": "socialmedia",
        "redes sociales": "socialmedia",
        "red social": "socialmedia",
        "reseaux sociaux": "socialmedia",
        "reseau social": "socialmedia",
        # Interpretation and accessibility
        "sous titres": "soustitres",
        "sous titre": "soustitres",
        "closed captions": "captions",
        "sign language": "signlanguage",
        "lengua de senas": "signlanguage",
        "lenguaje de senas": "signlanguage",
        "lengua de signos": "signlanguage",
        "lenguaje de signos": "signlanguage",
        "langue des signes": "signlanguage",
        "hard of hearing": "deaf",
        "hearing impaired": "deaf",
        "visually impaired": "blind",
        "mobilite reduite": "pmr",
        "step free": "accessible",
        # Transport and getting around
        "city centre": "downtown",
        "city center": "downtown",
        "centre ville": "downtown",
        "centro de la ciudad": "downtown",
        "centro historico": "downtown",
        "centre historique": "downtown",
        "old town": "downtown",
        "public transport": "transport",
        "public transportation": "transport",
        "transporte publico": "transporte",
        "transports en commun": "transport",
        "transport en commun": "transport",
        "walking distance": "howfar",
        "on foot": "walk",
        "a pie": "walk",
        "a pied": "walk",
        # Who is in charge
        "in charge": "responsible",
        "a cargo": "responsable",
        # Purpose
        "expected results": "outcome",
        "expected outcomes": "outcome",
        "resultados esperados": "outcome",
        "resultats attendus": "outcome",
        # Dress code
        "business casual": "dresscode",
        "smart casual": "dresscode",
        "business attire": "dresscode",
        "tenue de ville": "dresscode",
        "tenue correcte": "dresscode",
        "code vestimentaire": "dresscode",
        "codigo de vestimenta": "dresscode",
        "codigo de vestir": "dresscode",
        # Schedule, registration, reports
        "orden del dia": "agenda",
        "ordre du jour": "agenda",
        "emploi du temps": "programme",
        "kick off": "kickoff",
        "sign up": "signup",
        "compte rendu": "rapport",
        "comptes rendus": "rapport",
        "docs": "documents",
        # "quand a lieu…": takes place, not a place
        "a lieu": "alieu",
        "ont lieu": "alieu",
        "aura lieu": "alieu",
        "auront lieu": "alieu",
        "avoir lieu": "alieu",
        "indemnites journalieres": "perdiem",
        # Phones
        "sim card": "simcard",
        "sim cards": "simcard",
        "carte sim": "simcard",
        "tarjeta sim": "simcard",
        "chip de telefono": "simcard",
        "puce telephone": "simcard",
        "puce de telephone": "simcard",
        # The way in: "on entre par quelle porte", "por dónde se entra" ("entre" alone is also
        # "between", "rentre" alone "come back", "porte" alone "wear")
        "se entra": "entrance",
        "on entre": "entrance",
        "on rentre par": "entrance",
        "par ou on rentre": "entrance",
        "quelle porte": "entrance",
        # Welcome drinks ("un pot d'accueil lundi soir ?"), not registration's "accueil"
        "pot d accueil": "cocktail",
        "pot de bienvenue": "cocktail",
        "vin d honneur": "cocktail",
    }
)

# Concepts: a folded word (or phrase token) -> the concept it stands for.
CONCEPTS: dict[str, str] = {}


def _concept(name: str, words: str) -> None:
    for word in words.split():
        CONCEPTS[word] = name


_concept("@aspnet", "aspnet redpea")
_concept("@workshop", "workshop workshops taller talleres atelier ateliers")
_concept("@panel", "panel panels paneles tableronde debate debat conversatorio")
_concept("@plenary", "plenary plenaria plenario pleniere plenieres")
_concept("@keynote", "keynote keynotes magistral magistrale charla talk talks")
_concept("@break", "break breaks pausa pausas pause pauses coffee cafe cafecito refrigerio")
_concept("@lunch", "lunch almuerzo almuerzos comida dejeuner dejeuners midi mediodia midday")
_concept("@dinner", "dinner cena diner")
_concept("@reception", "reception recepcion coctel cocktail drinks copa aperitivo vin")
_concept("@opening", "opening apertura inauguracion inaugural ouverture inaugurale")
_concept("@closing", "closing clausura cierre cloture")
_concept("@photo", "photo foto fotografia photographie")
_concept("@registration", "registration registro inscripcion acreditacion accueil enregistrement")
_concept("@report", "report reports informe informes rapport rapports")
_concept("@speaker", "speaker speakers ponente ponentes orador oradora intervenant intervenants")
_concept(
    "@speak",
    "speak speaks speaking spoke habla hablan hablar presenta presentan "
    "presenting presents presente intervient intervenir interviene parle parlent gives da "
    "dan donne moderates modera modere anima leads toca",
)
_concept("@wifi", "wifi internet wlan")
_concept("@password", "password passwords pw pwd pass clave contrasena motdepasse code codigo")
_concept("@address", "address adress direccion adresse ubicacion location localisation maps")
_concept("@venue", "venue hotel sede lieu lugar centre center centro building edificio batiment")
_concept("@airport", "airport aeropuerto aeroport")
_concept("@taxi", "taxi taxis uber cab transfer traslado navette shuttle")
_concept("@getthere", "getthere llegar llego venir aller reach")
# Not "porte" (also "wear": "on porte le badge") nor "entradas" (also tickets).
_concept(
    "@entrance", "entrance entrances entrada entree gate gates door doors puerta puertas portail"
)
_concept("@howfar", "howfar far lejos loin distance distancia")
_concept("@room", "room rooms sala salas salon salones salle salles")
_concept("@floor", "floor piso planta etage niveau")
_concept(
    "@programme",
    "programme program programa agenda schedule horario calendrier planning whatson prog progr",
)
_concept("@day", "day dia jour journee jornada")
_concept("@now", "now ahora ahorita maintenant actuellement currently rn current actuelle actuel")
_concept(
    "@next",
    "next siguiente sigue proxima proximo prochaine prochain despues apres suivante ensuite",
)
_concept(
    "@goal",
    "objective objectives objetivo objetivos objectif objectifs goal goals aim aims "
    "purpose proposito propositos finalidad but buts point lograr conseguir achieve atteindre "
    "busca buscan cherche vise",
)
_concept(
    "@founded",
    "founded fundo fundada fundado fundacion creada creado creo creacion created "
    "creation established establecida cree creee fonde fondee fondation existe exist exists "
    "existence started empezo nacio age edad old antiguedad",
)
_concept("@size", "size tamano taille largest biggest grande grand gros mayor plus big")
_concept("@count", "many cuantos cuantas combien number total")
_concept(
    "@school",
    "school schools escuela escuelas colegio colegios ecole ecoles etablissement "
    "etablissements institution institutions institucion instituciones liceo lycee",
)
_concept(
    "@preschool",
    "preschool preschools kindergarten kindergartens preescolar jardin jardines "
    "infancia maternelle maternelles guarderia inicial",
)
_concept("@private", "private privada privado privadas privados particular prive privee privees")
_concept("@public", "public publica publico publicas publicos publique publiques")
_concept("@peace", "peace paz paix peaceful pacifico pacifique")
_concept(
    "@sustainable",
    "sustainable sostenible sostenibles sustentable durable durables "
    "sustainability sostenibilidad durabilite",
)
_concept("@world", "world mundo monde planet planeta planete global mundial mondial")
_concept("@lab", "laboratory laboratorio laboratoire lab ideas idea innovation innovacion")
_concept("@sdg", "sdg sdgs ods odd target targets meta metas cible cibles agenda2030")
_concept("@hq", "headquarters hq sede siege central paris")
_concept("@office", "office oficina bureau unit unidad unite")
_concept(
    "@manage",
    "manage manages managed maneja gestiona coordina dirige runs run gere coordonne "
    "coordinates looks charge responsible responsable anime anima animan animent imparte",
)
_concept(
    "@region",
    "region regional regiones regions latinoamerica latina latin caribbean caribe caraibes lac",
)
_concept(
    "@meeting",
    "meeting meetings reunion reuniones encuentro encuentros rencontre rencontres "
    "reunions conference conferencia forum foro congress congreso seminar seminario seminaire "
    "seminars seminarios seminaires",
)
_concept(
    "@support",
    "support supported apoyo apoya apoyan soutien soutient soutenu "
    "funded financiado finance sponsor sponsors patrocinio patrocina helped "
    "ayudo possible posible",
)
_concept(
    "@participant",
    "participants participant participantes participante delegates delegate "
    "delegados delegado delegues delegue attendees attend asisten asiste asistentes "
    "participan participe participent coordinators coordinator coordinadores coordinador "
    "coordinatrices coordinateurs coordinateur people gente personnes quienes",
)
_concept(
    "@theme", "theme tema themes temas title titulo titre topic tagline lema slogan motto name nom"
)
_concept(
    "@dates",
    "dates fechas date fecha dure dura durar lasts duration duracion until hasta jusqu",
)
_concept("@city", "city ciudad ville country pais pays")
_concept(
    "@evaluation",
    "evaluation evaluacion evaluations evaluaciones evaluated evaluada "
    "evaluee assessment review revision recommendations recomendaciones recommandations "
    "recs recommendation recomendacion recommandation",
)
_concept(
    "@platform",
    "platform plataforma plateforme online linea ligne website web portal "
    "portail tool herramienta outil digital digitale numerique",
)
_concept(
    "@register",
    "register registration registrarse registro inscribirme inscribirse "
    "inscripcion inscription inscrire enregistrer enregistrement checkin check acreditarse "
    "acreditacion desk mostrador comptoir accueil signin",
)
_concept(
    "@badge",
    "badge badges credencial credenciales gafete gafetes nametag tag carnet "
    "distintivo identificacion escarapela escarapelas",
)
_concept(
    "@interpretation",
    "interpretation interpretacion interpreted interpretada interprete "
    "interpretes interpreters translation traduccion traduction traducida traduit translated "
    "headphones auriculares casque casques earphones",
)
_concept(
    "@language",
    "language languages idioma idiomas langue langues english ingles anglais "
    "spanish espanol espagnol french frances francais portuguese portugues portugais",
)
_concept(
    "@certificate",
    "certificate certificates certificado certificados certificat "
    "certificats attestation attestations constancia constancias diploma proof comprobante "
    "letter carta lettre",
)
_concept(
    "@food",
    "food comida nourriture meal meals repas vegetarian vegetariano vegetariana "
    "vegetarien vegan vegano vegana vegetalien allergy allergic allergies alergia alergico "
    "alergica allergie allergique gluten celiac celiaco diet dieta dietary regime halal "
    "kosher eat comer manger hungry hambre faim menu",
)
_concept(
    "@emergency",
    "emergency emergencia emergencias urgencia urgencias urgence urgences "
    "doctor medico medica medecin sick enfermo enferma malade ill hospital hopital "
    "ambulance ambulancia faint fainted desmayo injured herido blesse police policia",
)
_concept(
    "@lost",
    "lost perdi perdido perdida perdu perdue forgot olvide oublie left deje "
    "lostandfound missing found encontrado objetos objets",
)
_concept(
    "@dress",
    "dress dresscode attire vestimenta vestir ropa tenue vetements clothes wear "
    "ponerme porter jeans suit traje formal casual corbata tie cravate",
)
_concept(
    "@slides",
    "slides slide diapositivas diapositiva diapos diapo powerpoint ppt pptx usb "
    "pendrive cle presentacion presentation presentations presentaciones projector "
    "proyector projecteur",
)
_concept(
    "@access",
    "accessibility accesibilidad accessibilite accessible wheelchair silla "
    "ruedas fauteuil roulant elevator lift ascensor ascenseur disability discapacidad "
    "handicap mobility movilidad rampa ramp stairs escaleras escaliers",
)
_concept(
    "@contact",
    "contact contacto contacter contactar phone telefono telephone numero email "
    "correo mail whatsapp write escribir escribo ecrire call llamar llamo appeler reach",
)
_concept(
    "@organiser",
    "organisers organizers organiser organizer organizacion organizadores "
    "organisateurs organisation secretariat secretaria secretariado staff team equipo "
    "equipe committee comite",
)
_concept("@photo", "photo photos foto fotos fotografia photographie picture pictures")
# "Risque de palu ?": what French speakers call malaria
_concept(
    "@malaria",
    "malaria paludisme paludismo palu antipaludeen antipaludeens antipaludico antipaludicos "
    "antimalarial antimalarials antimalaricos",
)
_concept(
    "@student",
    "student students estudiante estudiantes alumno alumnos eleve eleves "
    "youth jovenes jeunes young pupils",
)
_concept(
    "@teacher",
    "teacher teachers docente docentes profesor profesores maestro maestros "
    "enseignant enseignants professeur professeurs profs educators educadores",
)
_concept(
    "@climate",
    "climate clima climat climatico climatique environment ambiente medio "
    "environnement ambiental environnemental ecology ecologia ecologie green verde vert",
)
_concept("@heritage", "heritage patrimonio patrimoine")
_concept(
    "@citizenship", "citizenship ciudadania citoyennete citizen ciudadano citoyen civic civica"
)
_concept(
    "@plan",
    "plan plans planificar planificacion planification planifier roadmap "
    "hoja ruta feuille route action actions acciones accion",
)
_concept("@bus", "bus buses autobus guagua shuttle navette transport transporte")
_concept(
    "@start",
    "start starts begin begins empieza empiezan comienza commence commencent debut inicio starting "
    "empezamos comenzamos arrancamos commencons demarre",
)
_concept(
    "@end",
    "end ends finish finishes termina terminan acaba finit fin termine over last "
    "finissent finir terminent terminamos acabamos done wrap",  # "are we done", "wrap up"
)
_concept(
    "@happening",
    "session sessions sesion sesiones seance seances activity activities actividad actividades "
    "evento eventos event events happening pasando pasa passe going ocurre sucede held tient "
    "tiendra celebra celebrara realiza realizara prevu prevue prevus prevues",
)
_concept("@morning", "morning matin matinee")
_concept("@afternoon", "afternoon apresmidi")
_concept("@evening", "evening tonight noche soir soiree")

# Logistics and practical matters any delegate asks about, at any meeting. Existing concepts are
# extended; words that are ambiguous in meeting text are left out (see the comments).
_concept(
    "@reimbursement",
    "reimbursement reimbursements reimburse reimbursed refund refunds refunded "
    "perdiem dsa reembolso reembolsos reembolsar reintegro viatico viaticos "
    "remboursement remboursements rembourser rembourse indemnite indemnites",
)
_concept(
    "@money",
    # Not "bank"/"banco": the World Bank and development banks are common affiliations.
    "money cash atm atms creditcard currency currencies dinero cajero cajeros moneda monedas "
    "argent devises",
)
_concept("@breakfast", "breakfast breakfasts brunch desayuno desayunos desayunar petitdejeuner")
_concept(
    "@break",
    "snack snacks refreshment refreshments tea teas cookies biscuits pastries recess freetime "
    "tentempie merienda meriendas galletas receso descanso descansos infusion "
    "infusiones collation collations gouter rafraichissement rafraichissements tisane tisanes "
    "entracte intermission",
)
_concept("@lunch", "luncheon almorzar lonche dej")
_concept("@dinner", "banquet banquete cenar souper")  # not "gala": a gala is not any dinner
_concept(
    "@food",
    # Not "restaurant(e)"/"cafeteria": where to eat in town is not the meeting's catering. Not
    # "alimentación"/"alimentaire": school feeding and food security are meeting topics.
    "nut nuts peanut peanuts almonds lactose dairy milk seafood shellfish fish pescatarian "
    "pescetarian meat pork egg eggs intolerance intolerant diabetic coeliac glutenfree veggie "
    "catering buffet sandwich sandwiches "
    "mani cacahuete cacahuetes cacahuate cacahuates nueces almendras lactosa lacteos lacteo "
    "leche mariscos marisco crustaceos pescado pescatariano pescatariana pescetariano "
    "pescetariana carne cerdo huevo huevos soja intolerancia intolerante "
    "diabetico diabetica tacc bocadillo "
    "bocadillos arachide arachides noix amandes laitier laitiers lait crustaces poisson "
    "pescetarien pescetarienne pescatarien viande porc oeuf oeufs "
    "diabetique celiaque vegane vegetalienne",
)
_concept(
    "@water",
    "water bottle bottles refill refills fountain fountains dispenser agua botella botellas "
    "bebedero bebederos dispensador potable eau bouteille bouteilles gourde gourdes fontaine "
    "fontaines",
)
_concept(
    "@emergency",
    # Not "health"/"salud"/"santé": meetings about health would all answer "is there a doctor?".
    "headache headaches migraine dizzy dizziness vertigo soroche altitude nurse nurses "
    "infirmary clinic pharmacies drugstore chemist medicine medicines medication "
    "medications pill pills aspirin paracetamol ibuprofen injury injuries hurt hurts ankle "
    "ankles sprain sprained fell fainting unwell nausea vomit vomiting fever medical "
    "migrana jaqueca mareado mareada mareo mareos enfermera enfermero enfermeras enfermeria "
    "clinica farmacias medicina medicamento medicamentos pastilla pastillas aspirina "
    "ibuprofeno lesion lesiones lesionado lesionada herida heridas tobillo tobillos esguince "
    "cai desmaye desmayado desmayada nauseas vomito vomitar fiebre botiquin "
    "etourdi etourdie etourdissement etourdissements infirmiere infirmier infirmieres infirmerie "
    "clinique medicament medicaments comprime comprimes aspirine ibuprofene blessure "
    "blessures blessee cheville chevilles entorse tombe tombee evanoui evanouie evanouissement "
    "malaise nausee vomir fievre medicale medicales",
)
_concept(
    "@lost",
    "misplaced misplace lose losing forgotten extravie extraviado extraviada extraviados extravio "
    "olvidado olvidada olvidados olvidadas perder egare egaree egares egarees perdre perdus "
    "perdues",
)
_concept(
    "@belongings",
    # Not "cartera" (also a portfolio) nor "clés" ("les points clés").
    "belongings umbrella umbrellas laptop laptops computer computers tablet wallet wallets keys "
    "glasses sunglasses scarf pertenencias paraguas sombrilla portatil portatiles computadora "
    "computadoras computador tableta billetera monedero llave llaves gafas "
    "lentes anteojos bufanda parapluie parapluies ordinateur ordinateurs tablette portefeuille "
    "portemonnaie lunettes echarpe foulard",
)
_concept(
    "@power",
    # Not "outlet" alone (media outlets) nor "prise" alone (prise de parole): see the phrases.
    # Not "adapter"/"adaptador"/"adaptateur": their stem is that of (climate) "adaptation".
    "charger chargers charging socket sockets plug plugs cargador cargadores "
    "enchufe enchufes tomacorriente tomacorrientes recargar chargeur "
    "chargeurs recharger volt volts voltage voltaje voltios",
)
_concept(
    "@recording",
    # Not "record"/"recorded": their Spanish stem is that of "recordar" (to remind). Not "film"
    # (a screening), "diffusion" (dissemination) nor "transmitir" ("transmitir valores").
    "recording recordings video videos youtube replay replays livestream livestreams "
    "livestreaming streaming stream streamed streams filmed filming grabacion grabaciones "
    "grabar grabado grabada grabados grabadas transmision transmisiones "
    "retransmision retransmisiones retransmitir filmar filmado filmada "
    "rediffusion rediffusions retransmission retransmissions filmer filmee enregistree "
    "enregistrees enregistres",
)
_concept(
    "@platform",
    "zoom webex virtual virtually remote remotely hybrid distanciel remoto remota virtuales "
    "hibrido hibrida virtuel virtuelle virtuelles hybride",
)
_concept("@slides", "deck decks ppts ponencia ponencias diapositive diapositives")
_concept("@sim", "simcard esim esims sim chip chips puce puces")
_concept(
    "@safety",
    # Not "seguro" (also insurance) nor "security" (the checkpoint at the door).
    "safe safety unsafe dangerous danger peligro peligroso peligrosa peligrosos inseguro insegura "
    "securite dangereux dangereuse dangereuses",
)
_concept(
    "@submit",
    # Not "send"/"enviar"/"envoyer": they are chatter (FILLER). Not "entregar": its stem is that
    # of "entrega" (the handing out of badges, certificates, awards).
    "submit submits submitted submitting submission submissions upload uploads uploaded "
    "uploading someter soumettre soumission televerser",
)
_concept(
    "@download",
    "download downloads downloaded downloading downloadable descargar descarga descargas "
    "descargable telecharger telechargement telechargements telechargeable",
)
_concept("@poster", "posters afiche afiches cartel carteles affiche affiches")
_concept(
    "@exhibition",
    "exhibition exhibitions exhibitor exhibitors expo booth booths kiosk feria ferias",
)
_concept("@certificate", "justificatif justificatifs justificante justificantes")
_concept(
    "@visa",
    # Not "migration"/"migración": a topic of many meetings.
    "visa visas passport passports invitationletter embassy embassies consulate consulates "
    "visado visados pasaporte pasaportes embajada embajadas consulado consulados aduana aduanas "
    "passeport passeports ambassade ambassades consulat consulats douane douanes",
)
_concept(
    "@lodging",
    # Not "reservation"/"reserva": their stem is that of "reserved" seats. "hotel" stays the venue.
    "accommodation accommodations accomodation lodging hostel hostels bedroom airbnb "
    "alojamiento alojamientos alojarme alojarse hospedaje hospedarme hospedarse hostal hostales "
    "habitacion habitaciones hebergement hebergements heberge hebergee loger logement "
    "logements auberge chambre chambres",
)
_concept(
    "@luggage",
    "luggage baggage bag bags suitcase suitcases backpack backpacks cloakroom cloakrooms "
    "coatroom lockers locker storage coat coats maleta maletas valija valijas equipaje "
    "equipajes mochila mochilas guardarropa guardarropas ropero casillero casilleros abrigo "
    "abrigos valise valises bagage bagages sac sacs sacoche vestiaire vestiaires manteau "
    "manteaux",
)
_concept(
    "@parking",
    # "car" is also French for "because": a weak cost next to "where can I leave my car?".
    "parking parkings park parked garage garages car cars vehicle vehicles bike bikes bicycle "
    "bicycles motorcycle estacionamiento estacionamientos estacionar estacionarme aparcamiento "
    "aparcamientos aparcar parqueadero parqueaderos parqueo garaje garajes carro "
    "carros coche coches auto autos automovil vehiculo vehiculos bici bicis bicicleta "
    "bicicletas moto motos stationnement stationner garer voiture voitures vehicule vehicules "
    "velo velos",
)
_concept(
    "@photo",
    # Not "image"/"imagen": the image of an institution is a topic, not a photo.
    "photograph photographs photographed photographer photographers photographing pic pics "
    "selfie selfies imagerights fotografo fotografos fotografa fotografiar "
    "fotografiado fotografiada photographe photographes photographier",
)
_concept(
    "@consent",
    "consent consents privacy confidentiality gdpr optout consentimiento privacidad "
    "confidencialidad consentement confidentialite rgpd",
)
_concept(
    "@social",
    "socialmedia hashtag hashtags linkedin twitter tweet tweets instagram insta facebook tiktok "
    "mastodon bluesky tuit tuits tuitear",
)
_concept(
    "@interpretation",
    "interpreter headset headsets translate translating translator "
    "translators subtitles subtitle captions captioning audifonos audifono cascos receptor "
    "receptores traductor traductores traductora traducir subtitulos subtitulado ecouteurs "
    "ecouteur recepteur recepteurs traducteur traducteurs traductrice traduire soustitres",
)
_concept(
    "@access",
    # Not "steps" ("next steps") nor "hearing" (a kind of session).
    "deaf blind braille signlanguage disabled pmr elevators lifts sordo sorda sordos "
    "sordas ciego ciega ciegos accesible accesibles escalera elevador elevadores discapacitado "
    "discapacitada discapacitados sourd sourde sourds malentendant malentendants aveugle "
    "aveugles malvoyant malvoyants escalier rampe rampes handicape handicapee handicapes",
)
_concept(
    "@toilet",
    # Not "sanitario(s)": "sanitaria" is about health.
    "toilet toilets restroom restrooms bathroom bathrooms washroom washrooms wc lavatory bano "
    "banos aseo aseos toilettes lavabos",
)
_concept(
    "@prayer",
    "prayer prayers pray mosque chapel oracion rezar mezquita capilla priere prier mosquee "
    "chapelle",
)
_concept(
    "@smoking",
    "smoking smoke smoker smokers cigarette cigarettes vape vaping fumar fumador fumadores "
    "cigarro cigarros cigarrillo cigarrillos tabaco fumer fumeur fumeurs tabac vapear vapeo "
    "vapoter vapoteuse",
)
_concept(
    "@tipping",
    # Not "tip(s)": "safety tips" are advice.
    "tipping gratuity gratuities propina propinas pourboire pourboires",
)
_concept("@downtown", "downtown")
_concept(
    "@bus",
    # Not "train": its English stem is that of "training". "metro" is also Spanish for metre.
    "metro subway subte tram tramway tranvia tren trenes autocar",
)
_concept("@taxi", "cabify didi lyft rideshare transfers transfert transferts")
_concept("@howfar", "walk walking walkable caminar caminando")
_concept(
    "@organiser",
    "organise organize organised organized organises organizes organising organizing host "
    "hosts hosted hosting organiza organizan organizado organizada organizador organizadora "
    "anfitrion anfitriona anfitriones organisateur organisatrice hote hotes",
)
_concept("@manage", "encargado encargada encargados encargadas")
_concept(
    "@goal",
    # Not "mission": at UN meetings a mission is a delegation.
    # Nor "reason"/"motivo" ("for this reason", "con motivo de").
    "outcome outcomes",
)
_concept(
    "@dress",
    "costume costumes jacket jackets blazer shirt shoes tshirt costard costards veste "
    "vestes chemise chaussures vestimentaire chaqueta chaquetas saco camisa camiseta zapatos",
)
_concept(
    "@programme",
    # Not "calendar"/"calendario" ("calendario escolar") nor "itinerary": a schedule concept
    # drops its word from the topic, so it must not swallow content words.
    "timetable timetables lineup cronograma cronogramas",
)
_concept("@start", "kickoff")
_concept("@outing", "fieldvisit excursion excursiones excursions outing outings")
_concept("@end", "finaliza finalizan")  # not "concluye": a report concludes
_concept("@register", "signup enroll enrol enrolment enrollment rsvp preinscripcion")
# Not "conexión"/"connexion"/"conectarse": networks of people connect too.
_concept("@wifi", "wireless hotspot ssid")
_concept("@timezone", "timezone gmt utc")
_concept(
    "@sightseeing",
    "sightseeing tourism tourisme turismo tourist tourists touristy touristic touristique "
    "touristiques turistico turistica turisticos turisticas",
)
_concept(
    "@speaker",
    "panelist panelists moderator moderators presenter presenters panelista panelistas "
    "moderador moderadora moderadores presentador presentadora expositor expositora expositores "
    "conferencista conferencistas paneliste panelistes moderateur moderatrice moderateurs "
    "conferencier conferenciere conferenciers",
)
_concept(
    "@evaluation",
    "feedback survey surveys encuesta encuestas cuestionario cuestionarios sondage sondages "
    "questionnaire questionnaires",
)
# Not "resumen"/"summary": every session description has one.
_concept("@report", "proceedings acta actas relatoria relatorias synthese")
_concept("@contact", "celular cellphone smartphone helpdesk")
_concept("@badge", "lanyard lanyards")
_concept(
    "@weather",
    # Not "tiempo"/"temps": they are also time ("combien de temps"). Not "grados"/"degrees":
    # school grades. Not "cold"/"frío"/"froid": a cold room is the air conditioning. "Clima"
    # stays the meetings' climate topic.
    "weather meteo forecast forecasts rain raining rainy pleuvoir pleut pluie pluies pluvieux "
    "lluvia lluvias llover llueve lluvioso snow snowing neige neiger neigera nevar nieve nieva "
    "nevara temperature temperatures temperatura temperaturas pronostico previsions "
    "umbrella umbrellas paraguas parapluie parapluies impermeable raincoat",
)
_concept(
    "@nursing",
    "breastfeed breastfeeding lactation amamantar lactancia lactante allaiter allaitement "
    "allaitante",
)
_concept(
    "@print",
    "print printing printer printers printout imprimir impresora impresoras imprimer "
    "imprimante imprimantes photocopy photocopies fotocopia fotocopias copias photocopie",
)
_concept("@money", "dollars dolares dolar euros francs")
_concept("@water", "cantimplora cantimploras")

# Concepts that only say *what kind of thing* is asked; they never pick one item on their own.
SCHEDULE_CONCEPTS = frozenset({"@programme", "@day", "@now", "@next", "@morning", "@afternoon",
                               "@evening", "@happening"})  # fmt: skip
# Concepts that say *where*: alone with a room name they ask for the room.
PLACE_CONCEPTS = frozenset({"@room", "@floor", "@getthere"})

VENUE_TOPICS: dict[str, frozenset[str]] = {
    "wifi": frozenset({"@wifi", "@password"}),
    "address": frozenset({"@address", "@venue"}),
    "directions": frozenset({"@airport", "@taxi", "@getthere", "@howfar", "@bus", "@entrance"}),
}

# Words that carry no content in a question: function words and the conversational filler
# delegates wrap questions in. They are neither evidence for an answer nor against one.
STOPWORDS = frozenset(
    """
    a al algo algun alguna alguien ante aqui asi aun bien cada como con cual cuales cuando cuanto
    cuantos de del desde donde dos el ella ellos en entre era es esa ese eso esta estan estas este
    esto estoy fue ha hay hace hacer hasta la las le les lo los mas me mi mis mucho muy nada ni no
    nos o otra otro para pero poco por porque puede puedo que quien quienes se sea ser si sin sobre
    son soy su sus tal tambien te tengo tiene tienen toca todo todos tu tus un una uno unos usted va
    vamos voy y ya yo ahi alli cosa cosas
    about after again all also am an and any anything anyone are as at be been being but by can
    could did do does doing for from get go going got had has have he her here him his how i if in
    into is it its just me more my no not of off on one or our out please pls plz she so some
    something than that the their them then there these they this those to too up us was we were
    what whats when where which while who whom why will with would you your yours there s d ll m
    re ve t u r ok okay everything
    au aux avec c ca ce ceci cela ces cet cette chez comment dans de des du elle elles en est et
    etre eu fait faut il ils j je la le les leur leurs l lui ma mais me meme mes moi mon n ne nos
    notre nous on ont ou par pas peut plus pour pourquoi qu quand que quel quelle quelles quels qui
    sa sans se ses si son sont sur ta te tes toi ton tous tout tres tu un une vos votre vous y a
    quoi koi svp stp vers alieu
    hubo habra habia hubiera sera seria fueron estaba estuvo van vamos ir puedo pueden podemos
    hay haber tener tiene tenemos debo debe deben hacen hago dan dar hacemos haremos
    will shall should may might must cannot cant dont doesnt isnt arent wasnt im ive youre
    there theres thats whats wats wat ur
    avoir aura aurait serait etait sera faire fera va vais vont doit dois peux pouvons faisons
    avons avez avait avais avaient aurai auras aurons auront aurais etais etions etaient
    serai seras serons seront serais fui fuimos eras eramos eran estaban estuve habian hemos
    han seran tendra tendran having
    """.split()
)

FILLER = frozenset(
    """
    hola hello hi hey bonjour salut buenas buenos buen dias bonsoir coucou
    grab full whole entire completo completa complet viene vienen vient viennent comes
    gracias thanks thank merci cheers grax thx ty mil beaucoup bcp lot muchas
    disculpen disculpa perdon perdona sorry excuse pardon desole excusez
    quisiera queria quiero saber decir dime digame podrias podria puedes necesito busco
    want wanted wonder wondering know tell need looking like would could id
    voulais voudrais veux savoir dire pouvez pourriez besoin cherche aimerais
    favor please porfa exactamente exactly exactement exacto exacta exact exacte
    alguien somebody someone quelqu
    where donde ou when cuando quand who quien qui time hora heure heures hour
    which what cual quel quelle
    let s tell me name nombre nom called llama llaman appelle mandas manda mandar mandame envia
    enviar envias envie send pasame dame give donnez donne envoyer envoie
    mr mrs ms miss dr dra sr sra srta senor senora senorita don dona mme mlle
    monsieur madame prof profe professor ing lic
    vale bueno bon bien great super genial perfecto parfait nice cool
    help ayuda aide
    escuche oi dicen dijeron dice diga digo quieren quiere queremos armar haciendo hacen justo
    verdad todavia aun ya vine vengo llegue llegado acabo recien solo sola solamente consulta
    pregunta duda dudas tema asunto cosa algo favor gracias amable
    thing things stuff exactly actually really just still already first time here new quick
    question wondering guess maybe perhaps anyway btw also someone anybody
    suis nouveau nouvelle deja encore vraiment juste question petite truc chose bref alors donc
    """.split()
)

# Words that place what is asked relative to another session: "what's after lunch".
AFTER_WORDS = frozenset("after despues apres luego tras".split())
BEFORE_WORDS = frozenset("before antes avant".split())

# "On mange à quelle heure ?": eating, asked *when*, is the next meal in the programme. Not
# English "come" ("can my husband come").
EAT_WORDS = frozenset("eat eating comer comemos mange manger mangeons".split())

# "Which workshops are running now": beside "now", words that only say a session is under way
UNDER_WAY = frozenset("running ongoing underway".split())
# "What's this session about?": the word before a session that points at the one under way
THIS = frozenset("this esta este cette cet ce".split())
# ... and the words for a session it points at (not "esta pasando": "what is happening")
SESSION_NOUNS = frozenset(
    "session sesion seance talk charla ponencia conferencia conference expose presentation "
    "presentacion".split()
)
# "¿De qué trata esta sesión?": words that ask what a session is about
ABOUT = frozenset("trata tratan sujet".split())
# "La próxima reunión", "la reunión del año pasado", "the previous forum": a meeting after or
# before this one ("after the meeting" is the follow-up: not another meeting)
ANOTHER = frozenset(
    """
    proxima proximo proximas proximos next prochain prochaine prochains siguiente pasado pasada
    anterior previous precedent precedente
    """.split()
)
# How hot or cold it is, beside the words of @weather. Not in that concept: "hace frío en la
# sala" is the air conditioning and a climate meeting's "clima" its theme; asked with nothing
# else ("hace calor?", "el clima en kigali"), they ask the weather.
WEATHER_WORDS = frozenset(
    """
    hot heat calor caluroso chaud chaude chaleur cold frio fria froid froide fresco degrees
    degres grados clima climat climate
    """.split()
)
# Topics a delegate asks with nothing beside them but the place and the while (``LONE_BESIDE``),
# and the words that ask them besides their concept's
LONE_TOPICS: dict[str, frozenset[str]] = {
    "@weather": WEATHER_WORDS,
    "@sightseeing": frozenset(),
    "@lost": frozenset(),
    "@sim": frozenset(),
    "@money": frozenset(),
}
# What else a lone topic may be asked with: a thing lost ("perdí mi cargador", "lost my
# scarf"), named by a word of the lost things or by one the meeting never uses
LONE_OBJECTS: dict[str, frozenset[str]] = {"@lost": frozenset({"@belongings", "@power"})}
# The while and the where of a lone topic ("hace frío en esta época?", "que voir en ville ce
# week-end"), and what is asked with it: ideas, what to bring or wear ("necesito abrigo? que
# temperatura hace allá"). The weather asked of one day is a forecast (``Answerer._forecast``)
LONE_BESIDE = frozenset(
    """
    week weeks weekend semana semaine season saison temporada epoca epoque days dias jours month
    mes mois year city ciudad ville town centro downtown nearby near cerca pres alrededor around
    coin area zona quartier barrio freetime libre libres free rato ratos idea ideas idee idees
    recommendation recommendations recomendacion recomendaciones recommandation recommandations
    suggestion suggestions sugerencia sugerencias tips consejos conseils aca alla aqui bas
    labas demi half spots spot coins endroit endroits lugar lugares sitios sites llevo traigo
    prendre prends prevoir need necesito bring pack abrigo sueter sweater jacket veste pull coat
    manteau kway
    """.split()
)

# Words that make a question about *where* or *when* rather than *what*.
WHERE_WORDS = frozenset(
    "where donde ou queda find encontrar trouver trouve situe ubica subo monte monter".split()
)
WHEN_WORDS = frozenset("when cuando quand time hora heure horario".split())
# "When does registration open", "¿a qué hora abre la farmacia?": beside a topic, "open" says
# when it starts, not the opening (its stem's concept); "qui ouvre la réunion", "quién abre el
# encuentro", beside the meeting alone, ask for the opening
OPENS = frozenset("open opens abre abren ouvre ouvrent".split())
OPENS_AS = "start"
OPENS_MEETING_AS = "opening"
# "Hotel?" alone asks where delegates sleep when the organisers have an entry on it; elsewhere
# (the meeting held in a hotel) it is the venue, the concept "hotel" carries
HOTELS = frozenset("hotel hotels hoteles".split())
HOTELS_AS = "accommodation"


# "Salam" and "as-salamu alaykum" greet at any meeting of the Arab States
GREETINGS = frozenset(
    """
    hola hello hi hey bonjour salut buenas coucou bonsoir ola hallo salam salaam
    slt bjr bsr epa epale oi
    """.split()
)
# "Obrigado": Brazil's and Portugal's delegates are at these meetings too
THANKS = frozenset(
    "thanks gracias merci cheers grax thx ty thank obrigado obrigada mrc mci".split()
)
GOODBYES = frozenset("bye adios chao chau ciao tchau goodbye revoir vemos".split())  # "nos vemos"
# "À demain", "hasta mañana", "see you tomorrow": a day to come said with these takes leave
SEE_YOU = frozenset("a hasta see".split())
# "How many days is the meeting", "¿qué días es el encuentro?": beside a word for the meeting,
# days are its dates
DAYS = frozenset("days dias jours".split())
# "¿Hasta qué día es esto?", "ça finit quel jour ?": which day, or until which day, is asked
WHICH = frozenset("que q quel quelle what which cual".split())
UNTIL = frozenset("hasta until till jusqu jusque".split())
# "Morning all!", "evening everyone": a part of the day greets when it is said to people
GREETING_TIMES = frozenset("morning afternoon evening".split())
GREETED = frozenset("all everyone everybody there guys folks bot team monde".split())
# "¿Qué tal?", "how are you", "ça va ?": a greeting, not a question about today's programme
HOW_ARE_YOU = frozenset(
    tuple(pair.split("+"))
    for pair in "que+tal q+tal como+estas como+esta como+va how+are how+r ca+va comment+allez "
    "comment+vas comment+ca que+onda q+onda".split()
)
SMALLTALK_EXTRA = frozenset(
    """
    muchas mil beaucoup bcp lot very much so muy amable gentil helps helped that this info
    pour l la informacion information sirvio ayudo super genial great perfect parfait perfecto
    buenos buenas dias tardes noches good morning afternoon evening day there all a todos tous
    everyone senor senora madame monsieur ok okay vale d avance advance de nuevo nouveau
    mille fois veces million
    assalamu alaykoum alaykum alaikum aleikum
    see you later plus tarde luego pronto u later tard soon cheers bonne soiree journee a el
    helpful useful util utile muchisimas muchisimo top x infiniment infinitas guys folks
    everything todo tout help ayuda aide bunch mate amigo amiga ami friend q infos tres listo
    nuit night allez bot robot vemos
    brilliant awesome excellent excelente wonderful fantastic fantastico merveilleux magnifique
    formidable alors entonces then
    really truly verdad vraiment sinceramente sincerement pues vaya
    clear claro clair dale monde
    """.split()
)
# Everything a message of small talk may say
SMALLTALK_WORDS = GREETINGS | THANKS | GOODBYES | SMALLTALK_EXTRA | STOPWORDS

WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        "monday mon lunes lundi",
        "tuesday tue tues martes mardi",
        "wednesday wed miercoles mercredi",
        "thursday thu thurs jueves jeudi",
        "friday fri viernes vendredi",
        "saturday sat sabado samedi",
        "sunday sun domingo dimanche",
    )
):
    for _name in _names.split():
        WEEKDAYS[_name] = _index

MONTHS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        "january jan enero janvier",
        "february feb febrero fevrier",
        "march mar marzo mars",
        "april apr abril avril",
        "may mayo mai",
        "june jun junio juin",
        "july jul julio juillet",
        "august aug agosto aout",
        "september sep sept septiembre setiembre septembre",
        "october oct octubre octobre",
        "november nov noviembre novembre",
        "december dec diciembre decembre",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _index

RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "hoy": 0, "aujourd": 0, "todays": 0, "hui": 0,
    "tomorrow": 1, "manana": 1, "demain": 1, "tmrw": 1, "tomorow": 1,
    "pasadomanana": 2, "apresdemain": 2,
    "yesterday": -1, "ayer": -1, "hier": -1,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "primer": 1, "primero": 1, "primera": 1, "premier": 1, "premiere": 1, "1st": 1,
    "second": 2, "segundo": 2, "segunda": 2, "deuxieme": 2, "second2": 2, "2nd": 2,
    "third": 3, "tercer": 3, "tercero": 3, "tercera": 3, "troisieme": 3, "3rd": 3,
    "fourth": 4, "cuarto": 4, "quatrieme": 4, "4th": 4,
    "last": -1, "ultimo": -1, "ultima": -1, "dernier": -1, "derniere": -1, "final": -1,
}  # fmt: skip

# "this morning", "esta noche": a part of *today*; a bare "soirée" may be any day's evening.
TODAY_PARTS: dict[str, tuple[int, int]] = {
    "todaymorning": (0, 12),
    "todayafternoon": (12, 18),
    "todayevening": (18, 24),
    "tonight": (18, 24),
}

PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (0, 12),
    "matin": (0, 12),
    "matinee": (0, 12),
    "afternoon": (12, 18),
    "apresmidi": (12, 18),
    "tarde": (12, 18),
    "evening": (18, 24),
    "noche": (18, 24),
    "night": (18, 24),
    "soir": (18, 24),
    "soiree": (18, 24),
}


# Words a letter away from words of many events, and no typo of them: "les banques ouvrent à
# quelle heure" asks about banks, not the banquet; "on rentre à quelle heure de la visite", when
# the buses come back, not the cultural centre
NOT_TYPOS = frozenset("banque banques bank banks banco bancos rentre rentrons rentrer".split())

# Every word this lexicon knows: typo correction maps unknown words onto these and onto the
# event's own words, and never "corrects" one of them into something else.
KNOWN_WORDS = frozenset(
    STOPWORDS | FILLER | GREETINGS | THANKS | GOODBYES | SMALLTALK_EXTRA | WHERE_WORDS
    | WHEN_WORDS | set(CONCEPTS) | set(WEEKDAYS) | set(MONTHS) | set(RELATIVE_DAYS)
    | set(ORDINALS) | set(PARTS_OF_DAY) | set(TODAY_PARTS) | set(PHRASES.values()) | NOT_TYPOS
    | OPENS | WEATHER_WORDS | LONE_BESIDE
)  # fmt: skip

# Words that say *what aspect* is asked (where, when, who) but not *what about*.
NEUTRAL = WHERE_WORDS | WHEN_WORDS
