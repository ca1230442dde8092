"""What kind of answer a question wants ("how old" wants an age, "where" a place), and which
facts carry that kind of answer.

Retrieval ranks facts by shared words; the words that say what is wanted ("how old",
"where", "when") are the ones it has to ignore. So the question's wanted kinds are read
here, each fact's kinds are read once from its text and quote, and a fact that carries
none of the wanted kinds ranks lower.
"""

from __future__ import annotations

import re

_NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a few|"
    r"several|many)"
)
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

# "the girl from Leicestershire - what's her full name?": whose name, told by a description
_NAME_ASKED = (
    r"\b(?:what(?: is|s| s|'s|’s)?|whats) (?:her|his|their|the (?:[\w-]+ ){0,3}[\w-]+(?:'s|’s|s')) "
    r"(?:full |first |real |whole |last )?name\b"
)
NAME_ASKED = re.compile(_NAME_ASKED)

# question pattern (on lower-case words) -> fact pattern (on the fact's own text and quote)
_KINDS: dict[str, tuple[str, str]] = {
    "age": (
        r"\bhow old\b|\b(?:what|which) age\b|\bages?\b|\baged\b|\byears? old\b"
        # a claim to check: "was Alyssa 15 when ...", "she was in her sixties, wasn't she?"
        r"|\bwas (?:she|he|\w+) (?:only |just |about )?\d{1,2} (?:when|at)\b"
        r"|\bin (?:her|his|their) (?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b",
        rf"(?i)\b{_NUMBER}[- ](?:years?|months?|weeks?)[- ]old\b|\baged? {_NUMBER}\b|\bage of {_NUMBER}\b"
        rf"|\bnow {_NUMBER}\b|\b(?:teenager|baby|infant|toddler)\b",
    ),
    "duration": (
        r"\bhow long\b|\bhow many (?:years|months|weeks|days|hours|minutes)\b|\bhow much time\b",
        rf"(?i)\b{_NUMBER} (?:years?|months?|weeks?|days?|hours?|minutes?)\b",
    ),
    "count": (
        r"\bhow many\b|\bnumber of\b|\bhow much\b|\bhow big\b|\bhow large\b"
        r"|\b(?:was it|were there|i (?:thought|read|heard)) (?:\w+ )?"
        rf"{_NUMBER} (?:children|kids|patients|people|adults)\b",
        rf"(?i)\b{_NUMBER}\b|\b(?:million|billion|thousand|hundred|dozen)\b",
    ),
    "percent": (
        r"\bper ?cent|\bpercentage\b|\bproportion\b|\bsuccess rate\b|\bout of\b|\bwhat share\b"
        r"|\d ?%|\b(?:a|one) (?:third|quarter|half) of\b|\btwo thirds\b",
        r"(?i)\d\s?%|\bper ?cent\b|\bout of\b|\btwo[- ]thirds\b|\b(?:a|one) (?:third|quarter)\b"
        r"|\bhalf\b|\bmajority\b",
    ),
    "when": (
        r"^when\b|[.?!,;] *when\b|\bwhen (?:did|does|do|was|were|is|are|will|would|can|could|has|have|had)\b"
        r"|\b(?:what|which) (?:year|date|month|day)\b|\bhow long ago\b",
        rf"(?i)\b(?:19|20)\d\d\b|\b{_MONTHS}\b|\b(?:ago|before|after|later|since|until)\b"
        r"|\bon the same day\b",
    ),
    # "where was the mum from Auckland treated?", "which city did she go to for it?": where the
    # treatment was given, which only a fact naming a hospital tells (not where she grew up)
    "hospital": (
        r"\bwhere\b(?: [\w'-]+){0,12}? (?:treated|treatment|done|given|infused|infusions?|go for|went for"
        r"|went to get|have (?:it|the|her|his)|get (?:it|the|her|his)|had (?:it|the|her|his))\b"
        r"|\b(?:what|which) (?:hospital|hospitals|clinic|ward)\b"
        r"|\b(?:what|which) (?:city|town|country) (?:[\w'-]+ ){0,8}?"
        r"(?:treated|treatment|go|went|have|get|had|done|given)\b",
        r"\b[Hh]ospitals?\b|\b[Cc]linic\b",
    ),
    "place": (
        r"\bwhere\b|\b(?:what|which) (?:hospital|country|city|town|place|university|institute|clinic)\b",
        r"\b(?:[Hh]ospital|[Ii]nstitute|[Uu]niversity|[Cc]ollege|[Cc]linic|[Cc]entre|[Cc]enter)\b"
        r"|\b(?:in|at|from|to) (?:the )?[A-Z][a-z]+",
    ),
    "job": (
        r"\bfor a living\b|\b(?:her|his|their|what|which) (?:job|jobs|career|occupation|profession)\b"
        r"|\bline of work\b|\bwork(?:ed|s)? as\b"
        r"|\bwhat (?:did|does|do) (?:she|he|they) do\b(?! (?:to|for|with|about|after|next|then|when))"
        r"|\bwhat (?:did|does|do) (?:she|he|they) (?:want to|wanna|hope to) (?:be|do)\b"
        r"|\bwhen (?:she|he) grows up\b",
        r"(?i)\b(?:designer|teacher|student|studying|studies|scientist|professor|consultant|nurse|immunologist|"
        r"researcher|engineer|career|business|label|brand|wants? to (?:be|become|work)|dreams? of)\b",
    ),
    # "what kind of leukaemia did Joanne have?": the name of an illness
    "disease": (
        r"\b(?:what|which) (?:kind|sort|type|form|variety) of (?:\w+ )?(?:leuka?emia|leukemia|lukemia|cancer|"
        r"blood cancer|illness|disease)\b"
        r"|\b(?:what|which) (?:leuka?emia|lukemia|leukaemia|blood cancer|cancer|illness|disease|condition)\b"
        r"(?! (?:drugs?|charity|charities|research|doctors?|specialists?|hospitals?|centre|center|trust|uk"
        r"|cells?))",
        r"(?i)\b(?:acute \w+ leuka?emia|T-ALL|AML|T-cell leuka?emia|B-cell|lymphoblastic|myeloid|"
        r"leuka?emia \(\w+\))",
    ),
    # "who paid for the TaNK trial?": who funded it
    "funder": (
        r"\bwho (?:paid|payed|pays|funded|funds|financed|bankrolled|footed|sponsored|put up the money)\b"
        r"|\bfunded by (?:who|whom)\b|\bwhere did the money come from\b",
        r"(?i)\b(?:fund\w*|paid for|grant|charity|donations|sponsor\w*)\b",
    ),
    # How something planned at the time turned out ("did the 14 later patients get on?"): a
    # fact that only says what was planned or hoped carries this kind, and cannot answer it.
    "later": (
        r"\bin the end\b|\bend(?:ed)? up\b|\bpan(?:ned)? out\b|\bturn(?:ed)? out\b"
        r"|\bhow did (?:\w+ ){1,10}get on\b|\bgot going\b|\bsince then\b|\byears later\b|\bcome back later\b"
        r"|\bwhat happened (?:to|with) (?:the|those|that) (?:\w+ )?(?:\d+|other|bigger|later|planned|extra)\b"
        r"|\bresults? of the (?:bigger|larger|later|full|planned)\b"
        r"|\bonce (?:they|it|the \w+) (?:got going|started)\b"
        # "did the UCART19 trials actually start in 2016?", "did the bigger tests go ahead?"
        r"|(?<!when )(?<!where )(?<!how )(?<!why )\b(?:did|have|has) (?:the|those|these|that|any) "
        r"(?:[\w'-]+ ){0,8}?(?:actually |really |ever |even |then )?"
        r"(?:start|started|go ahead|gone ahead|happen|happened|take place|taken place|begin|begun"
        r"|get going|get started)\b",
        r"(?i)\b(?:planned|planning|being planned|set to start|hoped|hopes|hoping|next step|might need"
        r"|looking at how)\b",
    ),
    # "how's the scissors baby getting on?", "is she still clear?": how a patient is, or fared
    "outcome": (
        r"\bhow(?: is| s|s|'s|’s| are| was| were| has| have) (?:[\w'-]+ ){0,12}?"
        r"(?:doing|getting on|getting along|coping|faring|keeping|going on)\b"
        r"|\b(?:is|was|are|were) (?:[\w'-]+ ){1,8}?(?:still |now )?"
        r"(?:still alive|clear of|cancer free|in remission|cured|doing (?:ok|okay|well|alright|fine|good)"
        r"|(?:ok|okay|alright|(?<!as )well|healthy|better)(?: now| today| these days)?\s*(?:[?.!]|$))"
        r"|\b(?:did|has|have) (?:[\w'-]+ ){1,3}?"
        r"(?:survive[ds]?|make it|made it|pull(?:ed)? through|recover(?:ed)?|get better|got better"
        r"|beat it)\b"
        # "did ucart19 work for layla?", "tank worked?", "has it helped anyone?" (not "how does it work")
        r"|(?<!how )(?<!where )(?<!who )\b(?:did|has|does|do) (?:the |this |that |these )?"
        r"(?:(?!might |could |would |will |may )[\w'-]+ ){0,2}(?:actually |really |even |ever |still )?"
        r"(?<!the )(?<!their )(?<!for )(?:work|worked|help|helped)\b"
        r"(?! (?:on|in|at|as|by|out|together|with|through|like|to)\b)"
        r"|^(?!how )(?:[\w'-]+ ){0,3}(?:worked|work)\s*\?"
        # "did the US doctors' trial of TaNK on breast cancer work?"
        r"|(?<!how )(?<!what )(?<!where )(?<!who )\bdid (?:the|those|these|that|his|her|their) "
        r"(?:[\w'-]+ ){1,10}?(?:actually |really |ever )?"
        r"(?<!for )(?<!at )(?<!to )(?<!of )(?<!do )(?<!might )(?<!could )(?<!would )(?<!will )(?<!may )"
        r"(?:work|help)\s*(?:[?.!]|$)"
        # "what happened to the teenager from leicestershire after she got the cells?"
        r"|\bwhat (?:has )?happened (?:to|with) (?:her|him|the (?:\w+ )?(?:girl|boy|baby|infant|toddler|teen|"
        r"teenager|woman|lady|mum|mother|mom|patient|child|kid|little one|designer))\b(?: [\w'-]+){0,8}? "
        r"(?:after|since|afterwards|later|next)\b"
        r"|\b(?:has|did|is) (?:the |her |his |their )?(?:leuka?emia|cancer|disease|it) "
        r"(?:ever )?(?:come|came|coming) back\b",
        r"(?i)\b(?:cancer[- ]free|remission|doing well|recover\w*|cured|disease[- ]free|alive|survived|"
        r"no sign|clear of|full life|back to|well again|thriving"
        r"|free of (?:the )?(?:disease|cancer|leuka?emia)|worked)\b",
    ),
    # "how did they build the special cells for little Layla?": how the cells were made or changed
    "method": (
        r"\bhow (?:did|do|does|were|was|are|is|have|has|would|will|could|can) "
        r"(?:they|it|you|the doctors|the scientists|the team|the lab|scientists|doctors|"
        r"(?:the |these |those |her |his |their )?(?:[\w'’]+ )?cells?) "
        r"(?:actually |exactly |even |then )?(?:make|made|build|built|change|changed|edit|edited|engineer|"
        r"engineered|modify|modified|produce|produced|create|created|turn(?!s? out)|turned(?! out)|"
        r"alter|altered|prepare|prepared|grow|grew|"
        r"grown|design|designed|program|programmed|reprogram|reprogrammed|tweak|tweaked|fix|fixed)\b",
        r"(?i)\b(?:edit\w*|cut\w*|snip\w*|add\w*|chang\w*|engineer\w*|modif\w*|genes?|genetic\w*|DNA|scissors|"
        r"letters?|taken|took|collect\w*|donat\w*|grown|grew|multipl\w*|activat\w*|prim\w*|boost\w*|infus\w*|"
        r"made|making|base edit\w*|CRISPR|TALEN|mixed|exposed|turn\w* into|reprogram\w*)\b",
    ),
    "person": (
        r"^who\b|\bwho (?:is|was|were|are|led|leads|made|invented|developed|gave|donated|came|created|"
        r"ran|runs|did|does|thought|suggested|discovered|designed|pioneered|treated|found|funded|paid)\b"
        r"|\bwhose\b|\b(?:what|which) (?:doctor|scientist|professor|person|team|researcher)\b"
        # "the girl from Leicestershire - what's her full name?"
        rf"|{_NAME_ASKED}",
        r"\b(?:Professor|Prof|Dr|Doctor|Mr|Mrs|Ms)\b|\b(?:consultant|scientists?|researchers?|team|doctors?|"
        r"immunologist|daughter|mother|mum|father|dad|parents?|family)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b",
    ),
}
KINDS = tuple(_KINDS)  # the kinds of answer a fact can carry, by name
_QUESTION = {kind: re.compile(question) for kind, (question, _) in _KINDS.items()}
_FACT = {kind: re.compile(fact) for kind, (_, fact) in _KINDS.items()}
_ATTRIBUTION = re.compile(r"^.*? reports? that ")


def wanted(question: str) -> frozenset[str]:
    """The kinds of answer a lower-cased question asks for; a duration is not also a count."""
    kinds = {kind for kind, pattern in _QUESTION.items() if pattern.search(question)}
    if "duration" in kinds or "age" in kinds:
        kinds.discard("count")
    if "hospital" in kinds:
        kinds.discard("place")  # where it was given, not any place
    return frozenset(kinds)


def carried(text: str, quote: str) -> frozenset[str]:
    """The kinds of answer a fact carries, read from its text (without "X reports that") and
    its quote."""
    body = f"{_ATTRIBUTION.sub('', text, count=1)}\n{quote}"
    return frozenset(kind for kind, pattern in _FACT.items() if pattern.search(body))
