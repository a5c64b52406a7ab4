"""Hand-written words per category: a feature layer for words the corpus may never contain.

Each entry is matched against the folded text (lower case, no accents, only letters, digits
and spaces). A term of five or more letters matches anywhere inside a word, so it finds the
part of a Dutch compound ("lantaarn" in "lantaarnpaal", "straatlantaarn"); a shorter term
only matches at the start of a word, and a term starting with "=" only as a whole word. A
term with a space matches the phrase. The model learns how much each category's hits count,
so a wrong or ambiguous term costs little; a missing one is what the corpus must make up.
"""

from __future__ import annotations

import re

LEXICON: dict[str, str] = {
    "afval.zwerfafval": """
        zwerfafval, zwerfvuil, rommel, troep, rotzooi, viezigheid, smeerboel, peuk, blikje,
        =blik, papiertje, verpakking, wikkel, chipszak, snoeppapier, bekertje, flesje, scherven,
        glasscherf, vuurwerkresten, lachgas, ballon, hondenpoepzak, rondslingeren, slingert,
        bezaaid, ligt vol, liggen vol, =afval, vuil op straat, litter, rubbish, =trash, wrapper,
        =cans, =butts, cigarette, crisp packet, =mess, =junk, debris, takeaway, fast food,
        =strewn, scattered, lying around
    """,
    "afval.container": """
        container, kliko, klikko, minicontainer, afvalbak, prullenbak, vuilnisbak, glasbak,
        papierbak, =bak, =bakken, =gft, restafval, =pmd, plasticbak, ondergrondse, =zuil,
        inwerp, =klep, trommel, =pasje, afvalpas, milieupas, geleegd, =legen, leegmaken, niet
        opgehaald, ophaaldag, vuilniswagen, vuilnisman, huisvuil, deksel, textielcontainer,
        kledingbak, propvol, overvol, puilt, =bin, =bins, wheelie, dumpster, bottle bank,
        recycling, =lid, =hatch, emptied, collection, garbage truck, =skip, card reader,
        overflowing, =chute
    """,
    "afval.dumping": """
        gedumpt, dumpen, =dump, gestort, storten, illegaal, grofvuil, grof afval, bankstel,
        matras, =kast, kledingkast, koelkast, wasmachine, meubel, bouwafval, =puin, puinzak,
        asbest, tapijt, vloerbedekking, autobanden, vuilniszakken, zakken naast, naast de
        container, naast de bak, bijplaatsing, verhuizing, huisraad, neergezet, gekieperd,
        afgeladen, flytip, fly tip, dumped, dumping, mattress, =sofa, couch, fridge, furniture,
        rubble, =tyres, =tires, bulky, wardrobe, left behind, bin bags, next to the bin, =pile,
        =heap, =stapel, =berg
    """,
    "wegen.wegdek": """
        =gat, =gaten, =kuil, kuilen, asfalt, wegdek, rijbaan, rijweg, =scheur, scheuren,
        verzakking, verzakt, =hobbel, hobbels, spoorvorming, kapotgereden, =gaatje, =krater,
        =kinderkopjes, pothole, =hole, =holes, road surface, tarmac, asphalt, =crack,
        cracked, =bump, sinkhole, =crater, =rut, =ruts
    """,
    "wegen.stoep": """
        =stoep, stoeptegel, =tegel, =tegels, trottoir, voetpad, =klinker, klinkers, bestrating,
        straatsteen, stoepband, stoeprand, opgedrukt, wiebel, struikel, gestruikeld, rollator,
        rolstoel, losliggend, uitstekend, =tegeltje, pavement, sidewalk, paving, =slab, =slabs,
        =tile, =tiles, =kerb, =curb, footpath, =trip, tripped, tripping, uneven, walkway,
        wheelchair, =cobble
    """,
    "wegen.verkeersbord": """
        =bord, bordje, verkeersbord, =borden, stopbord, voorrangsbord, richtingbord, wegwijzer,
        straatnaambord, snelheidsbord, eenrichting, haaientanden, verbodsbord, omgereden,
        =scheef, gedraaid, onleesbaar, maximumsnelheid, =sign, =signs, signpost, road sign,
        street sign, give way, stop sign, =yield, speed limit, no entry, one way, street name,
        knocked over, =bent, =faded, markering, belijning, zebrapad, road marking
    """,
    "wegen.verkeerslicht": """
        verkeerslicht, stoplicht, =vri, verkeersregel, =rood, =groen, =oranje, voetgangerslicht,
        drukknop, =knop, wachtknop, fietslicht, detectielus, kruising, =licht, lichten, =traffic
        light, traffic lights, =signal, signals, =red, =green, =amber, =button, crossing,
        junction, crossroads, pedestrian, =lights
    """,
    "wegen.straatmeubilair": """
        =bank, =bankje, zitbank, =paal, paaltje, =palen, afzetpaal, poller, =hek, =hekje,
        hekwerk, leuning, =reling, fietsenrek, fietsnietje, fietsenstalling, bushokje, abri,
        picknicktafel, plantenbak, bloembak, slagboom, =bench, benches, bollard, =post, =fence,
        railing, handrail, bike rack, cycle rack, barrier, picnic, planter, bus shelter, =seat
    """,
    "wegen.fietswrak": """
        fietswrak, weesfiets, =fiets, fietsen, =wrak, verroest, roestig, zonder zadel, zonder
        wiel, lekke band, =zadel, =stuur, =ketting, achtergelaten, al maanden, al jaren,
        stalling, =bike, =bikes, bicycle, abandoned, =rusty, =rust, =wreck, =frame, =saddle,
        flat tyre, for months, for ages, nobody uses, chained
    """,
    "verlichting.lamp": """
        =lamp, lampje, lantaarn, lantaren, lantarenpaal, straatlamp, verlichting, donker,
        pikdonker, pikkedonker, duister, brandt niet, =branden, knippert, flikkert, lichtmast,
        armatuur, =licht, =uit, =peertje, streetlight, street light, lamppost, lamp post,
        =light, =lights, =dark, pitch black, flicker, =bulb, =unlit, =lit
    """,
    "groen.boom": """
        =boom, bomen, =tak, takken, =stam, =kruin, wortel, omgevallen, omgewaaid, afgebroken,
        afgescheurd, =storm, =rot, =eik, =beuk, =wilg, populier, kastanje, =linde, =berk,
        esdoorn, boomstam, =tree, =trees, branch, =trunk, =fallen, toppled, uprooted, =limb,
        =oak, willow, =leaning, blown down, came down
    """,
    "groen.onderhoud": """
        =gras, grasveld, =maaien, gemaaid, onkruid, struik, =heg, =haag, bosjes, plantsoen,
        =perk, bloembed, =berm, overwoekerd, woekert, brandnetel, distel, =bramen, snoeien,
        gesnoeid, groenstrook, duizendknoop, berenklauw, verwilderd, =zicht, =uitzicht, =grass,
        =mow, mowing, mowed, =weeds, =weed, overgrown, hedge, shrub, bushes, =verge, nettle,
        bramble, flowerbed, untidy, =trim, knotweed, hogweed
    """,
    "groen.speelplaats": """
        speeltuin, speeltoestel, speelplaats, speelplek, schommel, glijbaan, =wip, wipwap,
        klimrek, klimtoestel, zandbak, draaimolen, kabelbaan, trampoline, valondergrond,
        duikelrek, speelhuisje, =kinderen, kindje, playground, =swing, swings, =slide, seesaw,
        climbing, sandpit, sandbox, zipline, zip line, play area, jungle gym, merry go, =kids,
        toddler
    """,
    "water.vervuiling": """
        =water, =sloot, vijver, gracht, kanaal, =vaart, singel, =meer, rivier, =drijft, drijven,
        drijvend, =olie, olievlek, schuim, =kroos, blauwalg, =algen, vissterfte, =vis, troebel,
        =canal, =pond, =ditch, =river, =lake, floating, =oil, =slick, =sheen, =foam, =scum,
        algae, polluted, =fish, waterway, =stream
    """,
    "water.oever": """
        =oever, walkant, =kade, kademuur, beschoeiing, damwand, steiger, vlonder, aanlegsteiger,
        taluud, =talud, afkalv, afgekalfd, ingezakt, remmingwerk, aanlegplaats, =quay, =jetty,
        =pier, embankment, riverbank, canal side, canalside, =wharf, landing stage, mooring,
        erosion, eroding, =dock, boardwalk, =bank, =banks, sheet piling, =shore
    """,
    "riool.kolk": """
        =kolk, straatkolk, =put, =putje, putdeksel, =rooster, =afvoer, verstopt, =blank,
        wateroverlast, ondergelopen, =plas, plassen, regenwater, overstroomd, =kelder,
        kolkenzuiger, water op straat, onder water, loopt niet weg, =drain, drains, =gully,
        =grate, blocked, flooded, flooding, puddle, standing water, manhole, =clogged, =rain,
        downpour
    """,
    "riool.stank": """
        stank, stinkt, =stinken, =ruikt, =ruik, rioollucht, =riool, poeplucht, rotte eieren,
        zwavel, =lucht, =geur, =smell, smells, smelly, =stink, stinks, stench, sewage, =sewer,
        =odour, =odor, rotten egg, =reek, =pong, =whiff
    """,
    "overlast.graffiti": """
        graffiti, grafitti, =tag, =tags, gespoten, bespoten, =beklad, bekladding, gekalkt,
        spuitbus, =verf, kladder, vernield, vernieling, vandalisme, ingetrapt, ingegooid,
        kapotgeslagen, bekrast, hakenkruis, scheldwoord, gesloopt, vandal, sprayed, spray paint,
        spraypaint, defaced, smashed, scratched, =paint, scribble, swastika, =kicked in
    """,
    "overlast.geluid": """
        geluidsoverlast, lawaai, herrie, kabaal, muziek, =bas, =dreun, dreunen, =feestje,
        schreeuw, geschreeuw, blaffen, =blaft, brommer, scooter, =knallen, =vuurwerk,
        bouwlawaai, =heien, toeter, gassen, =nacht, zoemt, =brom, =bromt, =noise, noisy, =loud,
        =music, =bass, shouting, screaming, barking, racket, =din, =revving, =horn, =fireworks,
        =speakers, all night, =humming, =blasting
    """,
    "overlast.parkeren": """
        parkeer, geparkeerd, parkeert, =auto, =autos, =wagen, busje, vrachtwagen, camper,
        caravan, aanhanger, kenteken, autowrak, invalidenplek, gehandicaptenparkeer, =uitrit,
        =inrit, dubbel geparkeerd, laadpaal, =parked, parking, =car, =cars, =van, lorry, =truck,
        number plate, licence plate, =plates, abandoned car, driveway, blocking, disabled bay,
        motorhome, trailer, =tow
    """,
    "dieren.ongedierte": """
        =rat, ratten, =muis, muizen, ongedierte, kakkerlak, =wesp, wespen, wespennest,
        processierups, =rups, rupsen, =duiven, =mieren, vlooien, bedwants, keutels,
        uitwerpselen, =plaag, knaag, =rats, =mice, =mouse, vermin, =pest, =pests, cockroach,
        =wasp, =wasps, =nest, infestation, infested, caterpillar, droppings, =pigeons, gnawed,
        =plague, =ants
    """,
    "dieren.dood": """
        =dood, =dode, =dooie, kadaver, karkas, overreden, doodgereden, aangereden, =lijk, kreng,
        gestorven, overleden, =dead, carcass, roadkill, =run over, =body, corpse,
        =killed, =died
    """,
    "winter.gladheid": """
        =glad, gladheid, =ijzel, =ijs, bevroren, sneeuw, strooien, gestrooid, =pekel, =zout,
        strooiwagen, sneeuwschuiver, spekglad, spiegelglad, uitglijd, uitgegleden, =vorst, =ice,
        =icy, slippery, =snow, =grit, gritted, gritting, =salt, salted, frozen, black ice,
        slipped, =sleet, =slush, =freezing
    """,
    "overig.overig": """
        =vraag, vergunning, belasting, aanvraag, afspraak, informatie, compliment, bedankt,
        paspoort, =wanneer, =waarom, website, gaslucht, drugs, =dealen, dakloze, zwerver,
        =buurman, =buren, =subsidie, =question, =permit, =tax, =thanks, thank you, how do i, how
        can i, appointment, passport, =gas, homeless, =dealing, neighbour, =council tax, =wifi,
        =app
    """,
}


def _pattern(term: str) -> str:
    if term.startswith("="):
        return rf"\b{re.escape(term[1:])}\b"
    if len(term) >= 5:
        return re.escape(term)
    return rf"\b{re.escape(term)}"


def _terms(block: str) -> list[str]:
    return [" ".join(t.split()) for t in block.split(",") if t.strip()]


LEXICON_CATEGORIES: tuple[str, ...] = tuple(sorted(LEXICON))
_PATTERNS = tuple(
    re.compile("|".join(_pattern(t) for t in _terms(LEXICON[code]))) for code in LEXICON_CATEGORIES
)


def lexicon_hits(folded: str) -> list[int]:
    """How many lexicon terms of each category (in `LEXICON_CATEGORIES` order) the text has."""
    return [len(pattern.findall(folded)) for pattern in _PATTERNS]
