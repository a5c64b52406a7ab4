"""The fixed category codes of TAXONOMY.md: the contract shared by classifier, routing and API."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CategoryDefinition:
    """One leaf category: its code, names in both languages and the default department role."""

    code: str
    name_nl: str
    name_en: str
    role: str

    @property
    def group(self) -> str:
        """The main group: the part of the code before the dot."""
        return self.code.split(".", 1)[0]


CATEGORIES: tuple[CategoryDefinition, ...] = (
    CategoryDefinition("afval.zwerfafval", "Zwerfafval op straat", "Litter on the street", "afval"),
    CategoryDefinition(
        "afval.container", "Container vol of kapot", "Waste container full or broken", "afval"
    ),
    CategoryDefinition("afval.dumping", "Grofvuil of afval gedumpt", "Dumped bulky waste", "afval"),
    CategoryDefinition(
        "wegen.wegdek", "Gat of schade in de weg", "Pothole or damaged road", "wegen"
    ),
    CategoryDefinition("wegen.stoep", "Stoeptegel los of kapot", "Loose or broken paving", "wegen"),
    CategoryDefinition(
        "wegen.verkeersbord",
        "Verkeersbord kapot of weg",
        "Traffic sign damaged or missing",
        "verkeer",
    ),
    CategoryDefinition(
        "wegen.verkeerslicht",
        "Verkeerslicht doet het niet",
        "Traffic light not working",
        "verkeer",
    ),
    CategoryDefinition(
        "wegen.straatmeubilair",
        "Bankje, paaltje of hek kapot",
        "Bench, bollard or fence damaged",
        "wegen",
    ),
    CategoryDefinition(
        "wegen.fietswrak", "Fietswrak of weesfiets", "Abandoned bicycle", "handhaving"
    ),
    CategoryDefinition(
        "verlichting.lamp", "Straatlantaarn kapot", "Street light out", "verlichting"
    ),
    CategoryDefinition(
        "groen.boom",
        "Boom of tak: gevaarlijk of omgevallen",
        "Tree or branch: dangerous or fallen",
        "groen",
    ),
    CategoryDefinition(
        "groen.onderhoud",
        "Gras, struiken of onkruid te hoog",
        "Grass, shrubs or weeds overgrown",
        "groen",
    ),
    CategoryDefinition(
        "groen.speelplaats", "Speeltoestel kapot", "Playground equipment broken", "groen"
    ),
    CategoryDefinition(
        "water.vervuiling", "Vuil of olie in het water", "Litter or oil in the water", "water"
    ),
    CategoryDefinition(
        "water.oever",
        "Schade aan oever, kade of steiger",
        "Damaged bank, quay or jetty",
        "water",
    ),
    CategoryDefinition(
        "riool.kolk",
        "Put verstopt of water op straat",
        "Blocked drain or flooded street",
        "riolering",
    ),
    CategoryDefinition("riool.stank", "Rioollucht", "Sewer smell", "riolering"),
    CategoryDefinition(
        "overlast.graffiti", "Graffiti of vernieling", "Graffiti or vandalism", "reiniging"
    ),
    CategoryDefinition("overlast.geluid", "Geluidsoverlast", "Noise nuisance", "handhaving"),
    CategoryDefinition(
        "overlast.parkeren",
        "Fout geparkeerd of autowrak",
        "Wrong parking or abandoned car",
        "handhaving",
    ),
    CategoryDefinition(
        "dieren.ongedierte", "Ratten of ander ongedierte", "Rats or other pests", "afval"
    ),
    CategoryDefinition("dieren.dood", "Dood dier", "Dead animal", "afval"),
    CategoryDefinition("winter.gladheid", "Gladheid of sneeuw", "Ice or snow on the road", "wegen"),
    CategoryDefinition("overig.overig", "Iets anders", "Something else", "kcc"),
)

CATEGORY_CODES: frozenset[str] = frozenset(c.code for c in CATEGORIES)
CATEGORY_GROUPS: frozenset[str] = frozenset(c.group for c in CATEGORIES)
ROLES: frozenset[str] = frozenset(c.role for c in CATEGORIES)
FALLBACK_CATEGORY = "overig.overig"
FALLBACK_ROLE = "kcc"
