"""Common words of the other languages families write in: the speller leaves them alone.

The lexicon's speller corrects a word it does not know towards the nearest lexicon word,
which is right for "feaver" but turns German "soll ich meine Tochter" into "sell ich peine".
These everyday words (pronouns, family words, little verbs, written without accents, as
the triage reads them) are known words of their own language, not slips.
"""

from __future__ import annotations

_WORDS = """
yo mejor peor todos todas veces pienso carga familia organizando carrera solidaria donar organizaciones para una unos unas los las del estamos quiero siento
je mon ton ses mes nos vos moi toi lui leur mieux pire fois tout tous toute famille fardeau veux
ich mich mir dich dir ihm ihn uns euch mein meine meinen meinem meiner dein deine sein seine unser unsere
nicht kein keine sind waren habe haben hatte soll sollen sollte kann konnen konnte muss mussen wollen
oder aber auch noch schon sehr mehr fur uber unter seit warum wann dass weil wenn dann jetzt heute gestern
immer einen einem einer tochter sohn kind mutter vater bitte danke hilfe
hijo hija nino nina madre padre esposo esposa esta estoy tiene tengo muy pero como cuando donde porque
desde hace ella ellos todo nada puede podemos debo debemos nuestro nuestra
elle nous vous ils elles notre suis sont avons avez fils fille mari femme mere pere tres pas plus quoi
pour avec sans mais dans depuis quand cette peut pouvons dois devons faut feter fete gateau
figlio figlia marito moglie sono abbiamo senza quando dove perche della molto gia ancora posso possiamo
devo dobbiamo
minha meus minhas nosso nossa filho filha marido esposa estou tenho mais quem muito ainda podemos devemos
tambem
jest mam czy kiedy gdzie dlaczego bardzo jeszcze moge mozemy musze corka syna coreczka
mijn onze zoon dochter heeft niet geen maar erg zeer voor naar sinds waar waarom wanneer omdat vandaag
fiica fiul meu mea sunt este nu mai foarte pentru tata mama din si
benim oglum kizim annem babam icin cok
"""

FOREIGN_WORDS = frozenset(_WORDS.split())
