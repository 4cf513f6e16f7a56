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
    "sign in": "signin",
    "first aid": "emergency",
    "primeros auxilios": "emergency",
    "premiers secours": "emergency",
    "silla de ruedas": "wheelchair",
    "fauteuil roulant": "wheelchair",
    "name tag": "nametag",
    "mots de passe": "motdepasse",
    "wi fi": "wifi",
    "red wifi": "wifi",
    "red de wifi": "wifi",
    "red del wifi": "wifi",
    "reseau wifi": "wifi",
    "wifi network": "wifi",
    "internet network": "wifi",
    "google maps": "maps",
    "pasado manana": "pasadomanana",
    "apres demain": "apresdemain",
    "apres midi": "apresmidi",
    "day after tomorrow": "apresdemain",
    "table ronde": "tableronde",
    "mesa redonda": "tableronde",
    "round table": "tableronde",
    "right now": "now",
    "at the moment": "now",
    "en ce moment": "now",
    "en cours": "now",
    "ahora mismo": "ahora",
    "what s on": "whatson",
    "whats on": "whatson",
    "que hay": "whatson",
    "qu y a t il": "whatson",
    "coming up": "next",
    "after this": "next",
    "a continuacion": "next",
    "a suivre": "next",
    "la suite": "next",
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
    "see u": "bye",
    "nos vemos": "bye",
    "a plus": "bye",
    "a bientot": "bye",
    "a demain": "bye",
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

# Concepts: a folded word (or phrase token) -> the concept it stands for.
CONCEPTS: dict[str, str] = {}


def _concept(name: str, words: str) -> None:
    for word in words.split():
        CONCEPTS[word] = name


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
_concept("@venue", "venue hotel sede lieu lugar centre center centro")
_concept("@airport", "airport aeropuerto aeroport")
_concept("@taxi", "taxi taxis uber cab transfer traslado navette shuttle")
_concept("@getthere", "getthere llegar llego venir aller reach")
_concept("@howfar", "howfar far lejos loin distance distancia")
_concept("@room", "room rooms sala salas salon salones salle salles")
_concept("@floor", "floor piso planta etage niveau")
_concept(
    "@programme", "programme program programa agenda schedule horario calendrier planning whatson"
)
_concept("@day", "day dia jour journee")
_concept("@now", "now ahora ahorita maintenant actuellement currently")
_concept("@next", "next siguiente sigue proxima proximo prochaine prochain despues apres suivante")
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
    "coordinates looks charge responsible responsable",
)
_concept(
    "@region",
    "region regional regiones regions latinoamerica latina latin caribbean caribe caraibes lac",
)
_concept(
    "@meeting",
    "meeting meetings reunion reuniones encuentro encuentros rencontre rencontres "
    "reunions conference conferencia forum foro congress congreso",
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
    "dates fechas date fecha dure dura durar lasts last duration duracion until hasta jusqu",
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
    "distintivo identificacion",
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
    "lostandfound missing found encontrado trouve objetos objets",
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
    "planning plan plans planificar planificacion planification planifier roadmap "
    "hoja ruta feuille route action actions acciones accion",
)
_concept("@bus", "bus buses autobus guagua shuttle navette transport transporte")
_concept(
    "@start",
    "start starts begin begins empieza empiezan comienza commence commencent debut inicio starting",
)
_concept("@end", "end ends finish finishes termina terminan acaba finit fin termine over")
_concept(
    "@happening",
    "session sessions sesion sesiones seance seances activity activities actividad actividades "
    "evento eventos event events happening pasando passe going ocurre sucede",
)
_concept("@morning", "morning matin matinee")
_concept("@afternoon", "afternoon apresmidi")
_concept("@evening", "evening tonight noche soir soiree")

# Concepts that only say *what kind of thing* is asked; they never pick one item on their own.
SCHEDULE_CONCEPTS = frozenset({"@programme", "@day", "@now", "@next", "@morning", "@afternoon",
                               "@evening", "@happening"})  # fmt: skip
# Concepts that say *where*: alone with a room name they ask for the room.
PLACE_CONCEPTS = frozenset({"@room", "@floor", "@getthere"})

VENUE_TOPICS: dict[str, frozenset[str]] = {
    "wifi": frozenset({"@wifi", "@password"}),
    "address": frozenset({"@address", "@venue"}),
    "directions": frozenset({"@airport", "@taxi", "@getthere", "@howfar"}),
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
    re ve t u r ok okay
    au aux avec c ca ce ceci cela ces cet cette chez comment dans de des du elle elles en est et
    etre eu fait faut il ils j je la le les leur leurs l lui ma mais me meme mes moi mon n ne nos
    notre nous on ont ou par pas peut plus pour pourquoi qu quand que quel quelle quelles quels qui
    sa sans se ses si son sont sur ta te tes toi ton tous tout tres tu un une vos votre vous y a
    quoi svp stp vers
    hubo habra habia hubiera sera seria fueron estaba estuvo van vamos ir puedo pueden podemos
    hay haber tener tiene tenemos debo debe deben hacen hago dan dar
    will shall should may might must cannot cant dont doesnt isnt arent wasnt im ive youre
    there theres thats whats wats wat ur
    avoir aura aurait serait etait sera faire fera va vais vont doit dois peux pouvons
    avons avez avait avais avaient aurai auras aurons auront aurais etais etions etaient
    serai seras serons seront serais fui fuimos eras eramos eran estaban estuve habian hemos
    han seran tendra tendran having
    """.split()
)

FILLER = frozenset(
    """
    hola hello hi hey bonjour salut buenas buenos buen dias bonsoir coucou
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

# Words that make a question about *where* or *when* rather than *what*.
WHERE_WORDS = frozenset("where donde ou queda find encontrar trouver situe ubica".split())
WHEN_WORDS = frozenset("when cuando quand time hora heure horario".split())

GREETINGS = frozenset("hola hello hi hey bonjour salut buenas coucou bonsoir ola hallo".split())
THANKS = frozenset("thanks gracias merci cheers grax thx ty thank".split())
GOODBYES = frozenset("bye adios chao chau ciao goodbye revoir".split())
SMALLTALK_EXTRA = frozenset(
    """
    muchas mil beaucoup bcp lot very much so muy amable gentil helps helped that this info
    pour l la informacion information sirvio ayudo super genial great perfect parfait perfecto
    buenos buenas dias tardes noches good morning afternoon evening day there all a todos tous
    everyone senor senora madame monsieur ok okay vale d avance advance de nuevo nouveau
    see you later plus tarde luego pronto u later tard soon cheers bonne soiree journee a el
    helpful useful util utile
    """.split()
)

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
    "soir": (18, 24),
    "soiree": (18, 24),
}


# Every word this lexicon knows: typo correction maps unknown words onto these and onto the
# event's own words, and never "corrects" one of them into something else.
KNOWN_WORDS = frozenset(
    STOPWORDS | FILLER | GREETINGS | THANKS | GOODBYES | SMALLTALK_EXTRA | WHERE_WORDS
    | WHEN_WORDS | set(CONCEPTS) | set(WEEKDAYS) | set(MONTHS) | set(RELATIVE_DAYS)
    | set(ORDINALS) | set(PARTS_OF_DAY) | set(TODAY_PARTS) | set(PHRASES.values())
)  # fmt: skip

# Words that say *what aspect* is asked (where, when, who) but not *what about*.
NEUTRAL = WHERE_WORDS | WHEN_WORDS
