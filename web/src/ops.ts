// Every GraphQL operation the workbench sends: the documents live in ops/*.graphql,
// their types are generated from ../schema by GraphQL Code Generator (gql/types.ts).
import { op } from "./api";
import type * as T from "./gql/types";
import accountCard from "./ops/AccountCard.graphql";
import addNote from "./ops/AddNote.graphql";
import addSeeds from "./ops/AddSeeds.graphql";
import amplifiers from "./ops/Amplifiers.graphql";
import coordination from "./ops/Coordination.graphql";
import coordinationNetwork from "./ops/CoordinationNetwork.graphql";
import coordinationResult from "./ops/CoordinationResult.graphql";
import createInvestigation from "./ops/CreateInvestigation.graphql";
import creationBatches from "./ops/CreationBatches.graphql";
import datasets from "./ops/Datasets.graphql";
import investigation from "./ops/Investigation.graphql";
import investigations from "./ops/Investigations.graphql";
import me from "./ops/Me.graphql";
import network from "./ops/Network.graphql";
import networkDrawing from "./ops/NetworkDrawing.graphql";
import notes from "./ops/Notes.graphql";
import pinNodes from "./ops/PinNodes.graphql";
import runSavedQuery from "./ops/RunSavedQuery.graphql";
import saveCoordination from "./ops/SaveCoordination.graphql";
import savedCoordination from "./ops/SavedCoordination.graphql";
import savedCoordinationNetwork from "./ops/SavedCoordinationNetwork.graphql";
import savedCoordinations from "./ops/SavedCoordinations.graphql";
import savedQueries from "./ops/SavedQueries.graphql";
import saveQuery from "./ops/SaveQuery.graphql";
import search from "./ops/Search.graphql";
import timeline from "./ops/Timeline.graphql";
import unpinNodes from "./ops/UnpinNodes.graphql";

export const Me = op<T.MeQuery, T.MeQueryVariables>(me);
export const Search = op<T.SearchQuery, T.SearchQueryVariables>(search);
export const AccountCard = op<T.AccountCardQuery, T.AccountCardQueryVariables>(accountCard);
/** The view's query: the canvas draws its answer, "Save view" stores it, exports run it. */
export const Network = op<T.NetworkQuery, T.NetworkQueryVariables>(network);
/** The same query with the edges as columns: what the canvas draws (fromTable). */
export const NetworkDrawing = op<T.NetworkDrawingQuery, T.NetworkDrawingQueryVariables>(networkDrawing);
export const Amplifiers = op<T.AmplifiersQuery, T.AmplifiersQueryVariables>(amplifiers);
export const Timeline = op<T.TimelineQuery, T.TimelineQueryVariables>(timeline);
export const CreationBatches = op<T.CreationBatchesQuery, T.CreationBatchesQueryVariables>(creationBatches);
export const Datasets = op<T.DatasetsQuery, T.DatasetsQueryVariables>(datasets);
export const Coordination = op<T.CoordinationQuery, T.CoordinationQueryVariables>(coordination + coordinationResult);
export const CoordinationNetwork = op<T.CoordinationNetworkQuery, T.CoordinationNetworkQueryVariables>(coordinationNetwork);
export const SaveCoordination = op<T.SaveCoordinationMutation, T.SaveCoordinationMutationVariables>(saveCoordination);
export const SavedCoordinations = op<T.SavedCoordinationsQuery, T.SavedCoordinationsQueryVariables>(savedCoordinations);
export const SavedCoordination = op<T.SavedCoordinationQuery, T.SavedCoordinationQueryVariables>(savedCoordination + coordinationResult);
export const SavedCoordinationNetwork = op<T.SavedCoordinationNetworkQuery, T.SavedCoordinationNetworkQueryVariables>(savedCoordinationNetwork);
export const Investigations = op<T.InvestigationsQuery, T.InvestigationsQueryVariables>(investigations);
export const Investigation = op<T.InvestigationQuery, T.InvestigationQueryVariables>(investigation);
export const CreateInvestigation = op<T.CreateInvestigationMutation, T.CreateInvestigationMutationVariables>(createInvestigation);
export const AddSeeds = op<T.AddSeedsMutation, T.AddSeedsMutationVariables>(addSeeds);
export const PinNodes = op<T.PinNodesMutation, T.PinNodesMutationVariables>(pinNodes);
export const UnpinNodes = op<T.UnpinNodesMutation, T.UnpinNodesMutationVariables>(unpinNodes);
export const AddNote = op<T.AddNoteMutation, T.AddNoteMutationVariables>(addNote);
export const Notes = op<T.NotesQuery, T.NotesQueryVariables>(notes);
export const SaveQuery = op<T.SaveQueryMutation, T.SaveQueryMutationVariables>(saveQuery);
export const SavedQueries = op<T.SavedQueriesQuery, T.SavedQueriesQueryVariables>(savedQueries);
export const RunSavedQuery = op<T.RunSavedQueryMutation, T.RunSavedQueryMutationVariables>(runSavedQuery);

/** Documents that the export endpoint runs: one operation each, no fragments. */
export const exportDocuments = { network, coordinationNetwork, savedCoordinationNetwork };
